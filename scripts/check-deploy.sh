#!/usr/bin/env bash
# Checks the deployment files without a server: shellcheck on every script, `systemd-analyze verify` and the
# security exposure (≤ 2.0) of the units, `caddy validate` on the Caddyfile, and `deploy/install.sh --dry-run`.
# Installs shellcheck, caddy and systemd from Debian packages when missing (as root). Needs no running systemd:
# the units are verified offline in a scratch root holding stand-ins for the binaries they start.
# Usage: scripts/check-deploy.sh        (test.sh runs it before the .NET tests)
set -euo pipefail
cd "$(dirname "$0")/.."

readonly MAX_EXPOSURE=20 # systemd-analyze counts tenths: 2.0 "OK"
readonly UNITS=(crmreco-api.service crmreco-worker.service)

work=$(mktemp -d /tmp/crmreco-check-deploy.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=()
failed=()

check() {
  local name=$1 log
  shift
  log="$work/$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_').log"
  if "$@" >"$log" 2>&1; then
    passed+=("$name")
    echo "ok    $name"
    if [ "${SHOW_OUTPUT:-0}" = 1 ]; then sed 's/^/      /' "$log"; fi
  else
    failed+=("$name")
    echo "FAIL  $name"
    sed 's/^/      /' "$log"
  fi
}

# Tools from Debian packages when missing.
need=()
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v caddy >/dev/null || need+=(caddy)
command -v systemd-analyze >/dev/null || need+=(systemd)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian packages…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

shellcheck_all() { shellcheck -x deploy/*.sh scripts/*.sh test.sh; }

# A scratch root: the system's own units (targets, postgresql…), ours, and executable stand-ins for the paths
# they start, so verify checks our files and not this machine's /opt. Any message fails (verify exits 0 on an
# unknown key or a bad value, which it only warns about).
make_root() {
  local root=$work/root
  mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd" "$root/opt/crmreco"
  cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
  cp deploy/*.service "$root/etc/systemd/system/"
  local exe
  while read -r exe; do
    mkdir -p "$root$(dirname "$exe")"
    if [ ! -e "$root$exe" ]; then
      printf '#!/bin/sh\nexit 0\n' >"$root$exe"
      chmod 755 "$root$exe"
    fi
  done < <(sed -n 's/^Exec[A-Za-z]*=[-@+!:]*\([^ ]*\).*/\1/p' deploy/*.service | sort -u)
}

verify_units() {
  local out
  out=$(systemd-analyze verify --root="$work/root" "${UNITS[@]}" 2>&1) || { echo "$out"; return 1; }
  if [ -n "$out" ]; then
    echo "$out"
    return 1
  fi
}

security_units() {
  local unit status=0
  for unit in "${UNITS[@]}"; do
    systemd-analyze security --offline=yes --no-pager --threshold="$MAX_EXPOSURE" "deploy/$unit" | tail -n 1 || status=1
  done
  return "$status"
}

caddy_validate() {
  CRMRECO_DOMAIN=crm.example.fr CRMRECO_ADMIN_EMAIL=it@example.fr caddy validate --config deploy/Caddyfile --adapter caddyfile
  # Formatting warnings are not failures of validate: keep the file as `caddy fmt` writes it.
  caddy fmt deploy/Caddyfile | diff -u deploy/Caddyfile -
}

install_dry_run() {
  local publish=$work/publish
  mkdir -p "$publish"
  printf '#!/bin/sh\n' >"$publish/crmreco"
  printf '#!/bin/sh\n' >"$publish/crmreco-api"
  chmod 755 "$publish/crmreco" "$publish/crmreco-api"
  local out
  out=$(deploy/install.sh --dry-run --domain crm.example.fr --admin-email it@example.fr --publish "$publish" 2>&1) || { echo "$out"; return 1; }
  echo "$out"
  # Nothing but [dry-run] lines may act: every command printed, none run.
  grep -q '^\[dry-run\] .*systemctl restart crmreco-api.service crmreco-worker.service' <<<"$out"
  grep -q '^\[dry-run\] as crmreco, .* user add it@example.fr --role admin' <<<"$out"
  [ ! -e /etc/crmreco/crmreco.env.tmp ]
}

make_root
check "shellcheck (deploy/*.sh scripts/*.sh test.sh)" shellcheck_all
check "systemd-analyze verify (${UNITS[*]})" verify_units
SHOW_OUTPUT=1 check "systemd-analyze security ≤ 2.0 (${UNITS[*]})" security_units
check "caddy validate deploy/Caddyfile" caddy_validate
check "deploy/install.sh --dry-run" install_dry_run

echo "deploy checks: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
