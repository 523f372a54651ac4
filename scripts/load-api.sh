#!/usr/bin/env bash
# Load test of the API on loopback: a generated estate scored in SQLite (or PostgreSQL with --pg), the published
# API on 127.0.0.1, and `wrk` driving GET /api/recommendations?customer=… (a different customer each request)
# at a steady rate with an API key. Prints wrk's latency distribution (p50 … p99) and the rate reached.
# Usage: scripts/load-api.sh [rate req/s, default 2000] [seconds, default 30] [customers, default 20000] [--pg]
# LOAD_QUERY=page drives the uncached paged list instead (GET /api/recommendations?limit=20&offset=…, a different
# page each request), which exercises the database on every request.
# Bounded: one wrk run of the given duration, to 127.0.0.1 only; everything is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-2000}
seconds=${2:-30}
customers=${3:-20000}
use_pg=${4:-}
connections=40
port=$((30000 + RANDOM % 20000))

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d /tmp/crmreco-load.XXXXXX)
api_pid=
cleanup() {
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; fi
  [ "$use_pg" = "--pg" ] && pg_throwaway_stop
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$use_pg" = "--pg" ]; then
  source scripts/pg-throwaway.sh
  pg_throwaway_start
  db="$CRMRECO_TEST_PG"
else
  db="Data Source=$work/crmreco.db"
fi

echo "Publishing (Release)…" >&2
dotnet publish src/CrmReco.Api -c Release -o "$work/app" -nologo -v quiet >/dev/null
dotnet publish src/CrmReco.Worker -c Release -o "$work/cli" -nologo -v quiet >/dev/null
crmreco() { dotnet "$work/cli/crmreco.dll" "$@"; }
echo "Generating and scoring $customers customers…" >&2
crmreco generate --customers "$customers" --years 5 --seed 7 "$work/exports" >/dev/null
crmreco import --db "$db" "$work/exports" >/dev/null 2>&1 || true
crmreco job run nightly-scoring --db "$db" >/dev/null
key=$(crmreco apikey add load-test --role viewer --db "$db" 2>/dev/null)

# PostgreSQL plans each unprepared statement anew (≈ 1 ms, more than the query): let Npgsql prepare the API's
# repeated statements, as docs/operations.md advises for production.
api_db="$db"
[ "$use_pg" = "--pg" ] && api_db="$db;Max Auto Prepare=50"
CrmReco__Database="$api_db" ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
  dotnet "$work/app/crmreco-api.dll" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done

# Customers that have recommendations, for the request paths.
curl -sf -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/recommendations?limit=500&sort=customer" \
  | grep -o '"customerCode":"[^"]*"' | cut -d'"' -f4 | sort -u > "$work/codes.txt"
[ -s "$work/codes.txt" ] || { echo "no recommendations to query" >&2; exit 1; }

# wrk has no rate option: each connection pauses `delay` ms between requests, so
# rate ≈ connections × 1000 / (delay + latency); ~3 ms of latency is taken off the pause.
delay=$(( connections * 1000 / rate - 3 ))
[ "$delay" -lt 1 ] && delay=1
cat > "$work/load.lua" <<LUA
local codes = {}
for line in io.lines("$work/codes.txt") do codes[#codes + 1] = line end
local i = 0
wrk.headers["X-Api-Key"] = "$key"
request = function()
  i = i + 1
  if "${LOAD_QUERY:-customer}" == "page" then
    return wrk.format("GET", "/api/recommendations?limit=20&offset=" .. ((i * 20) % 20000))
  end
  return wrk.format("GET", "/api/recommendations?customer=" .. codes[(i % #codes) + 1])
end
delay = function() return $delay end
LUA
echo "wrk: $connections connections, ${delay} ms pause each (target ≈ $rate req/s), ${seconds} s, $(wc -l < "$work/codes.txt") customers" >&2
# Warm-up (JIT, connection pools, page cache), not reported.
wrk -t2 -c"$connections" -d10s -s "$work/load.lua" "http://127.0.0.1:$port" >/dev/null
echo "load average before the measured run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/load.lua" "http://127.0.0.1:$port"
