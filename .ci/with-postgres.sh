#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: data in a temp dir, listening on a
# loopback port only, trust authentication, stopped and deleted afterwards. The command gets
# the database URL in DVS_BACKEND_TEST_DATABASE_URL (dvs-backend's PostgreSQL tests).
#
#   .ci/with-postgres.sh cargo test -p dvs-backend --features postgres --test it postgres
#
# Installs PostgreSQL from Debian when initdb/pg_ctl/postgres are missing. As root, the
# server runs as the `postgres` user (it refuses to run as root).
set -euo pipefail

# Below Linux's ephemeral range (32768-60999), so no outgoing connection of an earlier test
# can be holding the port.
port="${DVS_PG_PORT:-25432}"

bin_dir=""
for candidate in "$(dirname "$(command -v pg_ctl || echo /nonexistent/pg_ctl)")" /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/postgres" ]; then
    bin_dir="$candidate"
    break
  fi
done
if [ -z "$bin_dir" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin_dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data="$(mktemp -d "${TMPDIR:-/tmp}/dvs-postgres.XXXXXX")"
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$data"
fi

stop() {
  as_postgres "$bin_dir/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

as_postgres "$bin_dir/initdb" -D "$data/db" -U postgres -A trust --no-sync >/dev/null
# A start that fails prints the server's log: the reason is there, not in pg_ctl's answer.
if ! as_postgres "$bin_dir/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c max_connections=200" start >/dev/null; then
  echo "PostgreSQL did not start on 127.0.0.1:$port; its log:" >&2
  cat "$data/server.log" >&2 || true
  exit 1
fi
echo "PostgreSQL $("$bin_dir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $data)"

export DVS_BACKEND_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
