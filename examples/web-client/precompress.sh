#!/usr/bin/env bash
# Writes the compressed variants the example backend sends to browsers that accept them:
# FILE.gz (gzip -9) and FILE.br (brotli, quality 11) beside each FILE given, both dated no
# earlier than FILE (the backend skips variants older than their file, so an edited file is
# never answered with a stale copy). Brotli comes from the `brotli` command or, without it,
# Node.js's zlib; with neither, only the gzip variant is written (and any old .br removed).
#
# Usage: examples/web-client/precompress.sh FILE...
set -euo pipefail
for file in "$@"; do
  [ -f "$file" ] || { echo "precompress: no file $file" >&2; exit 1; }
  gzip -9 -n -c "$file" >"$file.gz.tmp" && mv "$file.gz.tmp" "$file.gz"
  if command -v brotli >/dev/null; then
    brotli -q 11 -f -o "$file.br" "$file"
  elif command -v node >/dev/null; then
    node -e '
      const fs = require("fs"), zlib = require("zlib");
      const [from, to] = process.argv.slice(1);
      const data = fs.readFileSync(from);
      fs.writeFileSync(to, zlib.brotliCompressSync(data, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));' "$file" "$file.br"
  else
    rm -f "$file.br"
    echo "precompress: no brotli and no node: $file gets a gzip variant only" >&2
  fi
  touch -r "$file" "$file.gz"
  [ ! -f "$file.br" ] || touch -r "$file" "$file.br"
done
