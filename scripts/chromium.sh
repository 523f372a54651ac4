#!/usr/bin/env bash
# Sourced by test.sh: the dashboard's browser tests drive Debian's chromium (never a browser Playwright downloads).
# Installs it from Debian packages when missing and exports CRMRECO_CHROMIUM for the tests.

chromium_ensure() {
  local path=${CRMRECO_CHROMIUM:-}
  if [ -z "$path" ]; then
    path=$(command -v chromium || true)
  fi
  if [ -z "$path" ] || [ ! -x "$path" ]; then
    echo "chromium not found: installing it from Debian packages…" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    path=$(command -v chromium)
  fi
  export CRMRECO_CHROMIUM=$path
  echo "Browser tests use $("$path" --version 2>/dev/null || echo "$path")" >&2
}
