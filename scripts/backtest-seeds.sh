#!/usr/bin/env bash
# Recall of the recommendation algorithms over many generated estates, so one estate's luck does not decide:
# for each seed, `crmreco generate --customers 5000 --years 4 --seed S`, import into a SQLite file, then
# `crmreco backtest --split-date 2026-01-01 --k 10 --json` with rebuys counted and with --exclude-known.
# Prints one row per seed (popularity, item-kNN, buy-again, the chosen hybrid, the scenario blend of
# `recommend`, hybrid ÷ popularity, hybrid − item-kNN) and the summary against issue 4's goal
# (hybrid recall@10 ≥ 1.3 × popularity and ≥ item-kNN). Each seed takes ≈ 30 s on 2 cores.
# Usage: scripts/backtest-seeds.sh [seed…]   (default: 8 to 27 and 42, the 21 estates of docs/recommendations.md)
# BACKTEST_WORK=DIR keeps the databases and JSON in DIR and reuses the databases on the next run.
# Extra backtest options: BACKTEST_ARGS='--weight-bags 1' scripts/backtest-seeds.sh 8 9 10
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@")
[[ ${#seeds[@]} -gt 0 ]] || mapfile -t seeds < <(seq 8 27; echo 42)
work=${BACKTEST_WORK:-$(mktemp -d /tmp/crmreco-backtest.XXXXXX)}
mkdir -p "$work"
dotnet build src/CrmReco.Worker -c Release -nologo -clp:ErrorsOnly >/dev/null
crmreco=(dotnet src/CrmReco.Worker/bin/Release/net10.0/crmreco.dll)
read -r -a extra <<<"${BACKTEST_ARGS:-}"
for seed in "${seeds[@]}"; do
  db="$work/s$seed.db"
  if [[ ! -f "$db" ]]; then
    "${crmreco[@]}" generate --customers 5000 --years 4 --seed "$seed" --clean "$work/g$seed" >/dev/null 2>&1
    "${crmreco[@]}" import --db "Data Source=$db.tmp" "$work/g$seed" >/dev/null 2>&1
    mv "$db.tmp" "$db"
    rm -rf "$work/g$seed"
  fi
  "${crmreco[@]}" backtest --db "Data Source=$db" --split-date 2026-01-01 --k 10 --json "${extra[@]}" >"$work/bt-$seed.json"
  "${crmreco[@]}" backtest --db "Data Source=$db" --split-date 2026-01-01 --k 10 --exclude-known --json "${extra[@]}" >"$work/btx-$seed.json"
  echo "seed $seed done" >&2
done
python3 - "$work" "${seeds[@]}" <<'PY'
import json, statistics, sys
work, seeds = sys.argv[1], sys.argv[2:]
print(f"{'seed':>4} {'pop':>6} {'kNN':>6} {'buyAg':>6} {'hybrid':>6} {'scen.':>6} {'ratio':>6} {'h-kNN':>7} | excl: {'pop':>6} {'kNN':>6} {'hybrid':>6} {'scen.':>6} {'h-kNN':>7}")
ratios, gaps = [], []
for s in seeds:
    a = json.load(open(f"{work}/bt-{s}.json"))["algorithms"]
    x = json.load(open(f"{work}/btx-{s}.json"))["algorithms"]
    r = {n: v["recall"] for n, v in a.items()}
    e = {n: v["recall"] for n, v in x.items()}
    ratios.append(r["hybrid"] / r["popularity"])
    gaps += [r["hybrid"] - r["itemKnn"], e["hybrid"] - e["itemKnn"]]
    print(f"{s:>4} {r['popularity']:6.3f} {r['itemKnn']:6.3f} {r['buyAgain']:6.3f} {r['hybrid']:6.3f} {r['scenarios']:6.3f} {ratios[-1]:6.3f} {gaps[-2]:+7.4f} |"
          f"       {e['popularity']:6.3f} {e['itemKnn']:6.3f} {e['hybrid']:6.3f} {e['scenarios']:6.3f} {gaps[-1]:+7.4f}")
print(f"hybrid ÷ popularity: mean {statistics.mean(ratios):.3f}, min {min(ratios):.3f}, max {max(ratios):.3f}; "
      f"≥ 1.3 on {sum(q >= 1.3 for q in ratios)} of {len(ratios)} estates")
print(f"hybrid − item-kNN: min {min(gaps):+.4f}; ≥ 0 in {sum(g >= 0 for g in gaps)} of {len(gaps)} runs")
PY
[[ -n "${BACKTEST_WORK:-}" ]] || rm -rf "$work"
