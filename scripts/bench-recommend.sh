#!/usr/bin/env bash
# Macro benchmark of `crmreco recommend`: generates a clean estate, imports it into a SQLite file, then times the
# whole `crmreco recommend` (wall, CPU, peak memory) and prints its stage timings (load, analytics, recommend,
# store, and the engine's own stages; wall and CPU each, on stderr). On a shared machine read the CPU times: wall
# time depends on what else runs.
# Default: the scale of issue 4, 100,000 customers × 2,000 products × ≈ 2M sales lines (4 years, seed 8,
# --products 2000 --basket 4). The estate's own 60-product catalogue (the figures measured before, 643k lines):
#   scripts/bench-recommend.sh 100000 0 1
# Usage: scripts/bench-recommend.sh [customers=100000] [products=2000] [basket=4] [years=4]
# BENCH_WORK=DIR keeps the generated database in DIR and reuses it on the next run (same arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }
customers=${1:-100000}
products=${2:-2000}
basket=${3:-4}
years=${4:-4}
work=${BENCH_WORK:-$(mktemp -d /tmp/crmreco-bench-reco.XXXXXX)}
mkdir -p "$work"
dotnet build src/CrmReco.Worker -c Release -nologo -clp:ErrorsOnly >/dev/null
crmreco=(dotnet src/CrmReco.Worker/bin/Release/net10.0/crmreco.dll)
if [[ ! -f "$work/bench.db" ]]; then
  "${crmreco[@]}" generate --customers "$customers" --years "$years" --seed 8 --clean --products "$products" --basket "$basket" \
    "$work/gen" 2>&1 | tr '\r' '\n' | tail -1
  "${crmreco[@]}" import --db "Data Source=$work/bench.db.tmp" "$work/gen" >/dev/null 2>&1
  mv "$work/bench.db.tmp" "$work/bench.db"
  rm -rf "$work/gen"
else
  echo "reusing $work/bench.db"
fi
cp "$work/bench.db" "$work/run.db" # each run on the freshly imported database, without the previous runs
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
/usr/bin/time -f 'recommend: %e s wall, %U s user, %S s system, %M KB peak' \
  "${crmreco[@]}" recommend --db "Data Source=$work/run.db" >"$work/recommend.txt"
head -1 "$work/recommend.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -n "${BENCH_WORK:-}" ]] || rm -rf "$work"
