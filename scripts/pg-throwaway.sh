#!/usr/bin/env bash
# Sourced by test.sh and the benchmark scripts: installs PostgreSQL from Debian packages when missing,
# starts a throwaway cluster on a private port and socket directory, and exports CRMRECO_TEST_PG.
# pg_throwaway_stop removes it. PostgreSQL refuses to run as root, so the server runs as `postgres`.

pg_throwaway_start() {
  local bin
  # shellcheck disable=SC2012 # version-named folders (15, 16…): plain names, sorted by version
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL not found: installing it from Debian packages…" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    # shellcheck disable=SC2012
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PG_THROWAWAY_DIR=$(mktemp -d /tmp/crmreco-pg.XXXXXX)
  PG_THROWAWAY_PORT=${PG_THROWAWAY_PORT:-$((20000 + RANDOM % 20000))}
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_THROWAWAY_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w \
    -o "-p $PG_THROWAWAY_PORT -k $PG_THROWAWAY_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  PG_THROWAWAY_BIN=$bin
  export PG_THROWAWAY_DIR PG_THROWAWAY_PORT PG_THROWAWAY_BIN
  export CRMRECO_TEST_PG="Host=127.0.0.1;Port=$PG_THROWAWAY_PORT;Username=postgres;Database=postgres"
  echo "Throwaway PostgreSQL on port $PG_THROWAWAY_PORT ($("$bin/postgres" --version))" >&2
}

pg_throwaway_stop() {
  [ -n "${PG_THROWAWAY_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_THROWAWAY_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_THROWAWAY_DIR"
  unset PG_THROWAWAY_DIR
}
