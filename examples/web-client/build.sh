#!/usr/bin/env bash
# Builds the web client's WebAssembly bundle into examples/web-client/web/pkg/ (ignored by
# git), which the example backend serves with the page:
#
#   1. cargo build --target wasm32-unknown-unknown --profile wasm-release in this folder, a
#      workspace of its own with its own Cargo.lock (opt-level "z", LTO, one codegen unit,
#      panic = abort: this folder's Cargo.toml); its target folder is
#      examples/web-client/target, or $CARGO_TARGET_DIR when that is set
#   2. wasm-bindgen --target web (the CLI must match the wasm-bindgen version in this folder's
#      Cargo.lock; `cargo install wasm-bindgen-cli --version <that version>`)
#   3. wasm-opt -Oz, when binaryen's wasm-opt 116 or newer is installed (older ones break
#      wasm-bindgen's externref table; Debian 12's is 108)
#   4. content-hashed names (pkg/dvs_web_client-<hash>.js, pkg/dvs_web_client_bg-<hash>.wasm)
#      behind the stable entry pkg/dvs_web_client.js, and gzip and brotli variants of them
#      and of the page's own files (precompress.sh; the .gz and .br files beside app.js,
#      style.css and index.html are ignored by git)
#
# Prints the bundle's sizes (raw and gzip) and fails when the glue plus the wasm exceed
# 200 KiB gzip (the page's download budget; docs/performance.md). Usage:
# examples/web-client/build.sh [--locked]
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
cd "$dir"
out="web/pkg"
target_dir="${CARGO_TARGET_DIR:-$dir/target}"
locked=()
[ "${1:-}" = "--locked" ] && locked=(--locked)

wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ -z "$wb_version" ]; then
  echo "web-client: no wasm-bindgen in examples/web-client/Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qF "$wb_version"; then
  echo "web-client: wasm-bindgen $wb_version is needed (the version in examples/web-client/Cargo.lock):" >&2
  echo "  cargo install wasm-bindgen-cli --version $wb_version" >&2
  exit 1
fi

CARGO_TARGET_DIR="$target_dir" cargo build --target wasm32-unknown-unknown --profile wasm-release \
  "${locked[@]}"
rm -rf "$out"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/wasm-release/dvs_web_client.wasm"
wasm="$out/dvs_web_client_bg.wasm"
# binaryen before version 116 breaks wasm-bindgen's externref table ("WebAssembly.Table.set():
# Argument 1 is invalid"); Debian 12 ships 108, so an older wasm-opt is skipped.
# (No wasm-opt at all is no version: `|| true`, or pipefail would end the script here.)
opt_version=$({ wasm-opt --version 2>/dev/null || true; } | sed -n 's/^wasm-opt version \([0-9]*\).*/\1/p')
if [ -n "$opt_version" ] && [ "$opt_version" -ge 116 ]; then
  # The features Rust enables for wasm32-unknown-unknown by default.
  wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  optimized="wasm-opt -Oz"
else
  optimized="no wasm-opt (binaryen >= 116 not installed${opt_version:+; found version $opt_version})"
fi
# Content-hashed names (served `immutable` for a year: a new build is a new URL), and a
# small stable entry, pkg/dvs_web_client.js, that the page imports (revalidated each visit).
hash16() { sha256sum "$1" | cut -c1-16; }
wasm_name="dvs_web_client_bg-$(hash16 "$wasm").wasm"
mv "$wasm" "$out/$wasm_name"
wasm="$out/$wasm_name"
glue="$out/dvs_web_client.js"
# The glue's default wasm URL (`new URL('dvs_web_client_bg.wasm', import.meta.url)`).
sed -i "s/dvs_web_client_bg\.wasm/$wasm_name/g" "$glue"
grep -qF "$wasm_name" "$glue" || { echo "web-client: the glue does not name the wasm file" >&2; exit 1; }
glue_name="dvs_web_client-$(hash16 "$glue").js"
mv "$glue" "$out/$glue_name"
glue="$out/$glue_name"
cat >"$out/dvs_web_client.js" <<ENTRY
// Written by build.sh: the page's stable entry to the content-hashed bundle.
export * from './$glue_name';
export { default } from './$glue_name';
ENTRY
# gzip and brotli variants of what the page loads, sent to browsers that accept them.
"$dir/precompress.sh" "$wasm" "$glue" "$out/dvs_web_client.js" web/app.js web/style.css \
  web/index.html
size() { wc -c <"$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
total_raw=$(( $(size "$wasm") + $(size "$glue") ))
total_gz=$(( $(gz "$wasm") + $(gz "$glue") ))
echo "web-client: bundle in examples/web-client/$out ($optimized)"
echo "web-client: wasm $(size "$wasm") B raw, $(gz "$wasm") B gzip; glue $(size "$glue") B raw, $(gz "$glue") B gzip"
echo "web-client: total $total_raw B raw ($(( total_raw / 1024 )) KiB), $total_gz B gzip ($(( total_gz / 1024 )) KiB)"
budget=$(( 200 * 1024 ))
if [ "$total_gz" -gt "$budget" ]; then
  echo "web-client: FAIL: $total_gz B gzip is over the $budget B (200 KiB) budget" >&2
  exit 1
fi
