#!/usr/bin/env bash
# Times the dashboard's report endpoints (/api/overview, /api/reports/*) on a generated estate: the published API
# on 127.0.0.1 over SQLite (or PostgreSQL with --pg), one `curl` per request with a viewer API key. The API starts
# on freshly imported data; the script waits for its report warm-up (ReportWarmup: the cold SQL, run in the
# background) and reports how long it took, then for each endpoint the user's first call after the warm-up and the
# median of 5 repeats. Then the application's first load: the bytes of wwwroot/_framework (raw, gzip, brotli) and
# the time headless Chromium (/usr/bin/chromium, if present) takes to render the login page.
# Prints markdown for docs/benchmarks.md.
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
env CrmReco__Database="$api_db" ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
  Logging__LogLevel__CrmReco.Api.Reports.ReportWarmup=Debug \
  dotnet "$work/app/crmreco-api.dll" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
# The warm-up starts with the host; wait (up to 30 minutes) for its "Report cache warmed … in N ms" line.
for _ in $(seq 1 1800); do grep -q "Report cache warmed" "$work/api.log" && break; sleep 1; done
warmup_ms=$(grep -o "Report cache warmed for data stamp [^ ]* in [0-9]* ms" "$work/api.log" | head -1 | awk '{print $(NF-1)}' || true)
# JIT and connection pool warm-up on an endpoint this script does not measure.
curl -sf -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/segments" >/dev/null

ms() { curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "X-Api-Key: $key" "http://127.0.0.1:$port$1" \
  | awk '{ if ($1 != 200) { print "HTTP " $1; exit } printf "%.0f", $2 * 1000 }'; }

echo "Warm-up after start (overview, reports page, data health; cold SQL in the background): ${warmup_ms:-not seen} ms."
echo
echo "| endpoint | first call after the warm-up (ms) | median of 5 more (ms) |"
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
  "/api/reports/top-customers?limit=20" \
  "/api/reports/orders-histogram" \
  "/api/data-health?sample=20"; do
  first=$(ms "$path")
  warm=$(for _ in 1 2 3 4 5; do ms "$path"; echo; done | sort -n | sed -n 3p)
  echo "| \`GET $path\` | $first | $warm |"
done

# First load: what the browser downloads from _framework (the published files; the server sends the .br or .gz
# twin when the browser accepts it — Chromium offers br over HTTPS only, so plain http gets gzip).
fw="$work/app/wwwroot/_framework"
if [ -d "$fw" ]; then
  sum() { find "$fw" -type f "$@" -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }'; }
  echo
  echo "First load: wwwroot/_framework $(sum ! -name '*.br' ! -name '*.gz') MB raw, $(sum -name '*.gz') MB gzip, $(sum -name '*.br') MB brotli."
fi
if [ -x /usr/bin/chromium ]; then
  chrome() { /usr/bin/chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/chrome" "$@" 2>/dev/null; }
  t0=$(date +%s%N); chrome --dump-dom about:blank >/dev/null; t1=$(date +%s%N)
  # --virtual-time-budget lets the page run until the network is idle and 30 s of virtual time passed (idle
  # virtual time costs no wall time), so the dump holds what Blazor rendered; the login form proves it did.
  chrome --virtual-time-budget=30000 --dump-dom "http://127.0.0.1:$port/login" >"$work/login.html"; t2=$(date +%s%N)
  rendered=$(grep -c 'type="password"' "$work/login.html" || true)
  echo "Chromium headless, login page until rendered: $(( (t2 - t1) / 1000000 )) ms (browser start alone, about:blank: $(( (t1 - t0) / 1000000 )) ms; login form in the DOM: $([ "$rendered" -gt 0 ] && echo yes || echo NO))."
fi
echo
echo "$customers customers, $lines sales lines, provider $([ "$use_pg" = "--pg" ] && echo PostgreSQL || echo SQLite), load average $(cut -d' ' -f1-3 /proc/loadavg)."
