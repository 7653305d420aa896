#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's JSON fixtures and a few hand-made inputs.
# The corpus directory is git-ignored; run this before `cargo +nightly fuzz run <target>`.
set -euo pipefail
cd "$(dirname "$0")"
fx=(../tests/support/fixtures ../tests/support/fixtures/errors)
seed() { mkdir -p "corpus/$1"; }
for t in decode_v3 decode_v4 decode_result_wrapper; do
  seed "$t"
  for d in "${fx[@]}"; do cp -n "$d"/*.json "corpus/$t/" 2>/dev/null || true; done
done
seed decode_error_body
for d in "${fx[@]}"; do
  for f in "$d"/*.json; do
    # Two leading bytes pick the status: 0x012C = 300 -> HTTP 400.
    { printf '\x2c\x01'; cat "$f"; } > "corpus/decode_error_body/$(basename "$f")"
  done
done
printf '\x2c\x01<html><body>Bad Gateway</body></html>' > corpus/decode_error_body/html
seed parse_key
printf 'pk_a47764c0-e3da-4300-ba2d-fdf148c011ea' > corpus/parse_key/pk
printf 'sk_a47764c0-e3da-4300-ba2d-fdf148c011ea' > corpus/parse_key/sk
printf ' sk_x\n' > corpus/parse_key/ws
seed parse_request_id
printf '3fa85f64-5717-4562-b3fc-2c963f66afa6' > corpus/parse_request_id/id
printf '"3FA85F64-5717-4562-B3FC-2C963F66AFA6"' > corpus/parse_request_id/json
printf '../../admin' > corpus/parse_request_id/path
seed image_base64
printf 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==' > corpus/image_base64/png
printf '/9j/4A==' > corpus/image_base64/jpeg
printf 'UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=' > corpus/image_base64/webp
printf '/9j/\n4A\r\n' > corpus/image_base64/ws
seed retry_after
printf '120' > corpus/retry_after/secs
printf 'Sun, 06 Nov 1994 08:49:37 GMT' > corpus/retry_after/date
printf 'Wed, 21 Oct 2015 07:28:00 GMT' > corpus/retry_after/date2
seed read_date
printf '1994-08-09' > corpus/read_date/iso
printf '08/09/1994' > corpus/read_date/us
printf '19940809' > corpus/read_date/compact
printf '08091994' > corpus/read_date/aamva
printf '09.08.1994' > corpus/read_date/dotted
printf '1994-08-09T00:00:00.0000000+05:00' > corpus/read_date/datetime
printf '8/9/1994 12:00:00 AM' > corpus/read_date/dotnet
printf '02/29/2000' > corpus/read_date/leap
