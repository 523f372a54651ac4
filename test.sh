#!/usr/bin/env bash
# Runs every test of the solution against real SQLite and a throwaway PostgreSQL that this script installs
# (if missing), starts and removes. Usage: ./test.sh [extra `dotnet test` arguments, e.g. --filter Name~Rfm]
set -euo pipefail
cd "$(dirname "$0")"
scripts/check-deploy.sh # the deployment files: scripts linted, units and Caddyfile validated, install.sh --dry-run
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
source scripts/chromium.sh
trap pg_throwaway_stop EXIT
pg_throwaway_start
chromium_ensure

dotnet build CrmReco.sln -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
status=0
dotnet test CrmReco.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line, summed over the test projects.
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}')
rm -f "$log"
echo "tests: $summary"
exit "$status"
