#!/usr/bin/env bash
# Fetches IDScan's web capture library, @idscan/idvc2 at a pinned version, into
# tests/idvc/package/ (ignored by git), after checking the tarball against the integrity
# hash pinned below. Nothing of the package is committed.
#
# dist/idvc.js is used by golden.mjs; the example backend serves dist/ to the web page, with
# gzip and brotli variants of its scripts written here. The package's dist/index.html holds
# license keys issued to IDScan itself: never read them, copy them or use them (the backend
# never serves it).
#
# Usage: tests/idvc/fetch.sh        (needs node, npm and access to the npm registry)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version="3.10.0"
# `npm view @idscan/idvc2@3.10.0 dist.integrity`
integrity="sha512-l5tqntvZ42kzpJS0oI6WCij7cM5M6qQjLikhzivvRL+dAhQGGf7IRKSzEpsqCHh0Nc1+4d2T3Y2gKUkOLILukg=="
dest="$here/package"
stamp="$dest/.fetched-$version"

# gzip and brotli variants of the library's scripts, which the example backend sends to
# browsers that accept them (its model files, `*.gzip`, are unpacked by the library itself
# and stay as they are).
precompress() {
  "$here/../../examples/web-client/precompress.sh" "$dest/dist/idvc.js" "$dest"/dist/networks/*-chunk.js
}

if [ -f "$stamp" ] && [ -f "$dest/dist/idvc.mjs" ]; then
  [ -f "$dest/dist/idvc.js.gz" ] || precompress
  echo "idvc: @idscan/idvc2@$version already in $dest"
  exit 0
fi

# shellcheck source=../npm-package.sh
. "$here/../npm-package.sh"
npm_package_unpack idvc "@idscan/idvc2@$version" "idscan-idvc2-$version.tgz" "$integrity" "$dest"
# The package has no "type": "module" while dist/idvc.js is an ES module: give Node the
# same bytes under an .mjs name so it loads them as one.
cp "$dest/dist/idvc.js" "$dest/dist/idvc.mjs"
precompress
touch "$stamp"
echo "idvc: @idscan/idvc2@$version unpacked in $dest (integrity checked)"
