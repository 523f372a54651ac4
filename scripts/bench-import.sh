#!/usr/bin/env bash
# Macro benchmark of the import: generates clean exports at realistic and 10x scale, imports them into
# SQLite and into a throwaway PostgreSQL, and prints rows/s next to `psql \copy` of the same rows already
# cleaned (the floor: what PostgreSQL itself needs to ingest them), with the peak memory of each import.
# Usage: scripts/bench-import.sh [customers for the small run, default 10000]   (10x is run too)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-throwaway.sh
trap pg_throwaway_stop EXIT
pg_throwaway_start

command -v /usr/bin/time >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }
small=${1:-10000}
work=$(mktemp -d /tmp/crmreco-bench.XXXXXX)
dotnet build src/CrmReco.Worker -c Release -nologo -clp:ErrorsOnly >/dev/null
crmreco=(dotnet src/CrmReco.Worker/bin/Release/net10.0/crmreco.dll)
psql_bin="$PG_THROWAWAY_BIN/psql"

printf '%-8s %-10s %10s %10s %12s %12s %8s\n' scale provider lines seconds rows/s copy_rows/s ratio
for customers in "$small" $((small * 10)); do
  data="$work/gen-$customers"
  "${crmreco[@]}" generate --customers "$customers" --years 5 --seed 42 --clean --no-stock-contacts "$data" 2>/dev/null
  for provider in sqlite postgres; do
    if [ "$provider" = sqlite ]; then
      conn="Data Source=$work/bench-$customers.db"
    else
      db="bench_$customers"
      "$psql_bin" -h 127.0.0.1 -p "$PG_THROWAWAY_PORT" -U postgres -qc "CREATE DATABASE $db"
      conn="Host=127.0.0.1;Port=$PG_THROWAWAY_PORT;Username=postgres;Database=$db"
    fi
    "${crmreco[@]}" migrate --db "$conn" 2>/dev/null
    /usr/bin/time -f '%e %M' -o "$work/time" "${crmreco[@]}" import --db "$conn" --json "$data" >"$work/import.json"
    read -r secs maxkb <"$work/time"
    lines=$(python3 -c "import json,sys; print(sum(f['rowsLoaded'] for f in json.load(open('$work/import.json'))['files'] if f['kind']=='sales'))")
    rate=$(python3 -c "print(int($lines/$secs))")
    copy_rate=-; ratio=-
    if [ "$provider" = postgres ]; then
      p=("$psql_bin" -h 127.0.0.1 -p "$PG_THROWAWAY_PORT" -U postgres -d "$db" -q)
      "${p[@]}" -c "\\copy (SELECT * FROM sales_lines) TO '$work/clean.csv' CSV"
      "${p[@]}" -c "CREATE TABLE floor_copy (LIKE sales_lines INCLUDING ALL)"
      start=$(date +%s.%N)
      "${p[@]}" -c "\\copy floor_copy FROM '$work/clean.csv' CSV"
      end=$(date +%s.%N)
      copy_rate=$(python3 -c "print(int($lines/($end-$start)))")
      ratio=$(python3 -c "print(round($rate/$copy_rate, 2))")
    fi
    printf '%-8s %-10s %10s %10s %12s %12s %8s   (peak RSS %s MB)\n' "$customers" "$provider" "$lines" "$secs" "$rate" "$copy_rate" "$ratio" $((maxkb / 1024))
  done
done
rm -rf "$work"
