#!/usr/bin/env bash
# Fetches axe-core (Deque's accessibility engine, MPL-2.0) at a pinned version into
# tests/axe/package/ (ignored by git), after checking the tarball against the integrity hash
# pinned below. The browser test (examples/full-flow/tests/browser) runs its axe.min.js in
# the page and fails on any serious or critical violation. Nothing of the package is
# committed.
#
# Usage: tests/axe/fetch.sh        (needs node, npm and access to the npm registry)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version="4.14.1"
# `npm view axe-core@4.14.1 dist.integrity`
integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
dest="$here/package"
stamp="$dest/.fetched-$version"

if [ -f "$stamp" ] && [ -f "$dest/axe.min.js" ]; then
  echo "axe: axe-core@$version already in $dest"
  exit 0
fi

# shellcheck source=../npm-package.sh
. "$here/../npm-package.sh"
npm_package_unpack axe "axe-core@$version" "axe-core-$version.tgz" "$integrity" "$dest"
touch "$stamp"
echo "axe: axe-core@$version unpacked in $dest (integrity checked)"
