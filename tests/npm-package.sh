#!/usr/bin/env bash
# Sourced by the scripts that fetch an npm package for the tests (tests/idvc/fetch.sh,
# tests/axe/fetch.sh). Defines:
#
#   npm_package_unpack LABEL SPEC TARBALL INTEGRITY DEST
#
# `npm pack SPEC` into a temporary folder, checks the tarball TARBALL (the file name npm
# gives it) against INTEGRITY (`npm view SPEC dist.integrity`, sha512), then replaces DEST
# with the package's contents. LABEL prefixes the messages. Fails (exit 1) on a missing
# tarball or an integrity mismatch, leaving DEST as it was.
npm_package_unpack() {
  local label="$1" spec="$2" tarball_name="$3" integrity="$4" dest="$5" work tarball actual
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  tarball="$work/$tarball_name"
  if [ ! -f "$tarball" ]; then
    rm -rf "$work"
    echo "$label: npm pack did not produce $tarball_name" >&2
    exit 1
  fi
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
  if [ "$actual" != "$integrity" ]; then
    rm -rf "$work"
    echo "$label: integrity mismatch for $spec" >&2
    echo "  expected $integrity" >&2
    echo "  got      $actual" >&2
    exit 1
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  # The tarball's top folder is `package/`.
  tar -xzf "$tarball" -C "$dest" --strip-components=1
  rm -rf "$work"
}
