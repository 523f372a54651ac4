#!/usr/bin/env bash
# Times the dashboard's report endpoints (/api/overview, /api/reports/*) on a generated estate: the published API
# on 127.0.0.1 over SQLite (or PostgreSQL with --pg), one `curl` per request with a viewer API key. For each
# endpoint: the first call after the data changed ("cold": the SQL runs) and the median of 5 repeats ("warm":
# the figures come from the cache, one stamp query). Prints a markdown table for docs/benchmarks.md.
# Usage: scripts/bench-pages.sh [customers, default 100000] [basket, default 1] [--pg]
# Bounded: one estate, a few dozen requests to 127.0.0.1 only; everything is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-100000}
basket=${2:-1}
use_pg=${3:-}
port=$((30000 + RANDOM % 20000))

work=$(mktemp -d /tmp/crmreco-pages.XXXXXX)
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
echo "Generating, importing and scoring $customers customers (basket $basket)…" >&2
crmreco generate --customers "$customers" --years 4 --seed 8 --clean --basket "$basket" "$work/exports" >/dev/null
crmreco import --db "$db" "$work/exports" >/dev/null 2>&1 || true
crmreco analyze --db "$db" >/dev/null
key=$(crmreco apikey add bench-pages --role viewer --db "$db" 2>/dev/null)
lines=$(crmreco status --db "$db" --json 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['salesLines'])" || echo "?")

api_db="$db"
[ "$use_pg" = "--pg" ] && api_db="$db;Max Auto Prepare=50"
CrmReco__Database="$api_db" ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
  dotnet "$work/app/crmreco-api.dll" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
# JIT and connection pool warm-up on an endpoint this script does not measure.
curl -sf -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/segments" >/dev/null

ms() { curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "X-Api-Key: $key" "http://127.0.0.1:$port$1" \
  | awk '{ if ($1 != 200) { print "HTTP " $1; exit } printf "%.0f", $2 * 1000 }'; }

echo "| endpoint | cold (ms) | warm median of 5 (ms) |"
echo "|---|---:|---:|"
for path in \
  "/api/overview" \
  "/api/reports/monthly?years=3" \
  "/api/reports/year-to-date" \
  "/api/reports/activity" \
  "/api/reports/cohorts?by=year" \
  "/api/reports/cohorts?by=month" \
  "/api/reports/sales-by?dimension=variety" \
  "/api/reports/sales-by?dimension=colour&byMonth=true" \
  "/api/reports/sales-by?dimension=price-band" \
  "/api/reports/clv-distribution" \
  "/api/reports/top-customers?limit=50" \
  "/api/reports/orders-histogram"; do
  cold=$(ms "$path")
  warm=$(for _ in 1 2 3 4 5; do ms "$path"; echo; done | sort -n | sed -n 3p)
  echo "| \`GET $path\` | $cold | $warm |"
done
echo
echo "$customers customers, $lines sales lines, provider $([ "$use_pg" = "--pg" ] && echo PostgreSQL || echo SQLite), load average $(cut -d' ' -f1-3 /proc/loadavg)."
