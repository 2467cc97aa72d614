#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the review tests (tests/review/conftest.py uses it).
#
#   scripts/postgres-test-server.sh start DIR   initdb in DIR, start on a free port on 127.0.0.1,
#                                               print the SQLAlchemy URL of an empty database
#   scripts/postgres-test-server.sh stop DIR    stop it (DIR can then be removed)
#
# Exit 3 means "PostgreSQL is not installed and may not be installed here": the tests skip.
# Debian's postgresql is installed only when CI=true or NEUTRALITY_PG_TESTS=1.
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$2

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; fi
}

install_postgres() {
  if [ "${CI:-}" != "true" ] && [ "${NEUTRALITY_PG_TESTS:-}" != "1" ]; then
    echo "PostgreSQL binaries (initdb, pg_ctl) not found; set NEUTRALITY_PG_TESTS=1 to install" \
      "Debian's postgresql, or install it yourself" >&2
    exit 3
  fi
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL is missing and installing it needs root (apt-get install postgresql)" >&2
    exit 1
  fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  "${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin port
  bin=$(pg_bin)
  if [ -z "$bin" ]; then install_postgres; bin=$(pg_bin); fi
  [ -n "$bin" ] || { echo "initdb not found even after installing postgresql" >&2; exit 1; }
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U neutrality -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  echo "$bin" >"$dir/bin"
  echo "postgresql+psycopg://neutrality@127.0.0.1:$port/postgres"
}

stop() {
  [ -f "$dir/bin" ] || exit 0
  as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
