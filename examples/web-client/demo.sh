#!/usr/bin/env bash
# The web demo in one command: fetches IDScan's web library (pinned, integrity-checked;
# skipped with a note when npm is missing), builds the wasm client, and starts the example
# backend serving the page on http://localhost:PORT/ (default 8080) against the built-in
# mock, or the real service when DVS_PUBLIC_KEY and DVS_SECRET_KEY are set. Set
# IDVC_LICENSE_KEY for the library's camera capture; without it the page uses file inputs.
#
# Usage: examples/web-client/demo.sh [--port 8080] [--scenario face-mismatch]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if command -v npm >/dev/null && command -v node >/dev/null; then
  tests/idvc/fetch.sh || echo "web-client: IDScan's library not fetched; the page will use file inputs" >&2
else
  echo "web-client: no npm: IDScan's library not fetched; the page will use file inputs" >&2
fi
examples/web-client/build.sh
exec cargo run -p dvs-full-flow --bin web_demo -- "$@"
