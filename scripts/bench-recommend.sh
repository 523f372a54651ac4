#!/usr/bin/env bash
# Macro benchmark of `crmreco recommend`: generates a clean estate (default 100,000 customers, 4 years, seed 8),
# imports it into a SQLite file, then times the whole `crmreco recommend` (wall, CPU, peak memory) and prints
# its stage timings (load, analytics, recommend, store; wall and CPU each, on stderr). On a shared machine read
# the CPU times: wall time depends on what else runs.
# Usage: scripts/bench-recommend.sh [customers, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }
customers=${1:-100000}
work=$(mktemp -d /tmp/crmreco-bench-reco.XXXXXX)
dotnet build src/CrmReco.Worker -c Release -nologo -clp:ErrorsOnly >/dev/null
crmreco=(dotnet src/CrmReco.Worker/bin/Release/net10.0/crmreco.dll)
"${crmreco[@]}" generate --customers "$customers" --years 4 --seed 8 --clean "$work/gen" 2>/dev/null
"${crmreco[@]}" import --db "Data Source=$work/bench.db" "$work/gen" >/dev/null 2>&1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
/usr/bin/time -f 'recommend: %e s wall, %U s user, %S s system, %M KB peak' \
  "${crmreco[@]}" recommend --db "Data Source=$work/bench.db" >"$work/recommend.txt"
head -1 "$work/recommend.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work"
