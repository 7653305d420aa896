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

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "axe-core@$version" >/dev/null)
tarball="$work/axe-core-$version.tgz"
[ -f "$tarball" ] || { echo "axe: npm pack did not produce $tarball" >&2; exit 1; }

actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
if [ "$actual" != "$integrity" ]; then
  echo "axe: integrity mismatch for axe-core@$version" >&2
  echo "  expected $integrity" >&2
  echo "  got      $actual" >&2
  exit 1
fi

rm -rf "$dest"
mkdir -p "$dest"
# The tarball's top folder is `package/`.
tar -xzf "$tarball" -C "$dest" --strip-components=1
touch "$stamp"
echo "axe: axe-core@$version unpacked in $dest (integrity checked)"
