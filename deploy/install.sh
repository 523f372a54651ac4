#!/usr/bin/env bash
# Installs or upgrades CrmReco on one Ubuntu 24.04 LTS server: the crmreco system user, the ASP.NET Core runtime
# and PostgreSQL and Caddy from Ubuntu's packages, a crmreco role and database (password generated once), the
# published application in /opt/crmreco, the configuration in /etc/crmreco, the state in /var/lib/crmreco
# (inbox, outbox, backups), the hardened systemd units, Caddy with automatic HTTPS, and the first admin login.
#
# Re-runnable: what is already in place is kept (the environment file and its password, the database, the
# logins); a new --publish folder replaces the application after a backup of the database, and the services
# restart (their ExecStartPre migrates the schema). See docs/operations.md.
#
# Usage (as root):
#   deploy/install.sh --domain crm.domaine.fr --admin-email marie@domaine.fr --publish ./publish
#   deploy/install.sh --publish ./publish            # an upgrade: the domain is read back from the last install
#   deploy/install.sh --dry-run …                    # prints each action instead of doing it
set -euo pipefail

readonly APP_USER=crmreco
readonly PREFIX=/opt/crmreco
readonly CONF_DIR=/etc/crmreco
readonly ENV_FILE=$CONF_DIR/crmreco.env
readonly STATE_DIR=/var/lib/crmreco
readonly UNIT_DIR=/etc/systemd/system
readonly CADDY_DROPIN=$UNIT_DIR/caddy.service.d/crmreco.conf
readonly DOTNET_PACKAGE=aspnetcore-runtime-10.0
readonly API_URL=http://127.0.0.1:5000
DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly DEPLOY_DIR

DRY_RUN=0
DOMAIN=""
ADMIN_EMAIL=""
PUBLISH=""

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
  cat <<'EOF'
Options:
  --domain NAME        the estate's domain (its DNS A/AAAA records point to this server); required the first time
  --admin-email EMAIL  the first admin login (its password is printed once) and the certificates' contact
  --publish DIR        the output of `dotnet publish` of src/CrmReco.Api and src/CrmReco.Worker (crmreco-api, crmreco)
  --dry-run            print each action without doing it
  -h, --help           this help
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --domain) DOMAIN=${2:?--domain needs a value}; shift 2 ;;
    --admin-email) ADMIN_EMAIL=${2:?--admin-email needs a value}; shift 2 ;;
    --publish) PUBLISH=${2:?--publish needs a value}; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command, or prints it under --dry-run.
run() {
  if [ "$DRY_RUN" = 1 ]; then
    printf '[dry-run] %s\n' "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

# Writes stdin to a file with a mode and owner (root:group), only when its content changed; prints it under --dry-run.
put_file() {
  local dest=$1 mode=$2 group=$3 content
  content=$(cat)
  if [ "$DRY_RUN" = 1 ]; then
    printf '[dry-run] write %s (mode %s, root:%s, %d bytes)\n' "$dest" "$mode" "$group" "${#content}"
    return
  fi
  if [ ! -f "$dest" ] || [ "$(cat "$dest")" != "$content" ]; then
    install -d "$(dirname "$dest")"
    printf '%s\n' "$content" >"$dest.tmp"
    mv "$dest.tmp" "$dest"
  fi
  chmod "$mode" "$dest"
  chown "root:$group" "$dest"
}

# Runs a command as the service user with the service's environment (database, jobs), as systemd does.
as_app() {
  if [ "$DRY_RUN" = 1 ]; then
    printf '[dry-run] as %s, with %s: %s\n' "$APP_USER" "$ENV_FILE" "$(printf '%q ' "$@")"
    return
  fi
  # shellcheck disable=SC2016 # expanded by that shell: $0 the environment file, $1 the working folder
  runuser -u "$APP_USER" -- /bin/sh -c 'set -a; . "$0"; set +a; cd "$1"; shift; exec "$@"' "$ENV_FILE" "$STATE_DIR" "$@"
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

available() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }

# psql as the postgres superuser through the local socket; SQL on stdin.
psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"; }

# ---------------------------------------------------------------------------------------------------------------
preflight() {
  if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
    die "run as root (sudo deploy/install.sh …), or add --dry-run to see what it would do"
  fi
  # shellcheck source=/dev/null
  if [ -r /etc/os-release ] && . /etc/os-release && [ "${ID:-}" = ubuntu ] && [ "${VERSION_ID:-}" = 24.04 ]; then
    say "Ubuntu 24.04 LTS"
  else
    warn "this script is written for Ubuntu 24.04 LTS; found ${PRETTY_NAME:-an unknown system}"
  fi

  if [ -z "$DOMAIN" ] && [ -f "$CADDY_DROPIN" ]; then
    DOMAIN=$(sed -n 's/^Environment=CRMRECO_DOMAIN=//p' "$CADDY_DROPIN")
  fi
  if [ -z "$ADMIN_EMAIL" ] && [ -f "$CADDY_DROPIN" ]; then
    ADMIN_EMAIL=$(sed -n 's/^Environment=CRMRECO_ADMIN_EMAIL=//p' "$CADDY_DROPIN")
  fi
  [ -n "$DOMAIN" ] || die "--domain is required on the first install (e.g. --domain crm.domaine.fr)"
  [[ "$DOMAIN" =~ ^[A-Za-z0-9.-]+$ ]] || die "--domain '$DOMAIN' is not a host name"
  [ -n "$ADMIN_EMAIL" ] || die "--admin-email is required on the first install (the first admin and the certificates' contact)"
  [[ "$ADMIN_EMAIL" == *@* ]] || die "--admin-email '$ADMIN_EMAIL' is not an email address"
  if [ -n "$PUBLISH" ]; then
    if [ ! -x "$PUBLISH/crmreco-api" ] || [ ! -x "$PUBLISH/crmreco" ]; then
      die "--publish $PUBLISH must hold crmreco-api and crmreco: dotnet publish src/CrmReco.Api -c Release -o $PUBLISH && dotnet publish src/CrmReco.Worker -c Release -r linux-x64 -o $PUBLISH"
    fi
  elif [ ! -x "$PREFIX/crmreco" ]; then
    die "--publish DIR is required on the first install (the application is not in $PREFIX yet)"
  fi
}

packages() {
  say "Packages: $DOTNET_PACKAGE, postgresql, caddy"
  local wanted=("$DOTNET_PACKAGE" postgresql caddy curl) missing=() p
  for p in "${wanted[@]}"; do
    installed "$p" || missing+=("$p")
  done
  if [ ${#missing[@]} = 0 ]; then
    echo "    all installed"
    return
  fi
  run apt-get update -qq
  if ! installed "$DOTNET_PACKAGE" && ! available "$DOTNET_PACKAGE"; then
    # Ubuntu 24.04 ships .NET 10 through the .NET team's backports archive (maintained by Canonical).
    say "$DOTNET_PACKAGE is not in the configured archives: adding ppa:dotnet/backports"
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq software-properties-common
    run add-apt-repository -y ppa:dotnet/backports
    run apt-get update -qq
  fi
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

user_and_folders() {
  say "User $APP_USER and folders"
  if getent passwd "$APP_USER" >/dev/null; then
    echo "    user $APP_USER exists"
  else
    run useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home --shell /usr/sbin/nologin "$APP_USER"
  fi
  run install -d -m 755 -o root -g root "$PREFIX"
  run install -d -m 750 -o root -g "$APP_USER" "$CONF_DIR"
  local dir
  for dir in "$STATE_DIR" "$STATE_DIR/inbox" "$STATE_DIR/outbox" "$STATE_DIR/backups" "$STATE_DIR/data"; do
    run install -d -m 750 -o "$APP_USER" -g "$APP_USER" "$dir"
  done
}

# The environment file is written once (with a new database password) and then left as the admin edited it.
DB_PASSWORD=""
environment_file() {
  say "Configuration $ENV_FILE"
  if [ -f "$ENV_FILE" ]; then
    DB_PASSWORD=$(sed -n 's/^CRMRECO_DB=.*Password=\([^;"]*\).*/\1/p' "$ENV_FILE")
    echo "    kept (password unchanged)"
    run chmod 640 "$ENV_FILE"
    run chown "root:$APP_USER" "$ENV_FILE"
  else
    if [ "$DRY_RUN" = 1 ]; then
      DB_PASSWORD="(generated)"
      echo "[dry-run] generate a 48-character database password"
    else
      DB_PASSWORD=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
    fi
    sed -e "s|^CRMRECO_DB=.*|CRMRECO_DB=\"Host=localhost;Port=5432;Database=crmreco;Username=$APP_USER;Password=$DB_PASSWORD\"|" \
      -e "s|^Jobs__InboxPath=.*|Jobs__InboxPath=\"$STATE_DIR/inbox\"|" \
      -e "s|^Jobs__Backup__Folder=.*|Jobs__Backup__Folder=\"$STATE_DIR/backups\"|" \
      "$DEPLOY_DIR/crmreco.env.example" | put_file "$ENV_FILE" 640 "$APP_USER"
  fi
  [ -n "$DB_PASSWORD" ] || die "$ENV_FILE has no Password= in CRMRECO_DB: fix the line or remove the file to generate a new one"
}

database() {
  say "PostgreSQL: role and database $APP_USER"
  run systemctl enable --now postgresql
  if [ "$DRY_RUN" = 1 ]; then
    echo "[dry-run] psql: CREATE ROLE $APP_USER LOGIN CREATEDB PASSWORD '…' (or ALTER ROLE to the password of $ENV_FILE)"
    echo "[dry-run] createdb --owner=$APP_USER $APP_USER (when missing)"
    return
  fi
  local verb=CREATE
  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$APP_USER'")" = 1 ]; then
    verb=ALTER
  fi
  # On stdin, so the password never shows in the process list; it is hexadecimal, nothing to escape.
  # CREATEDB: the weekly restore drill restores the newest backup into a scratch database, dropped after.
  psql_admin <<<"$verb ROLE $APP_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';"
  echo "    role $APP_USER: $([ "$verb" = CREATE ] && echo created || echo password in step with $ENV_FILE)"
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$APP_USER'")" = 1 ]; then
    echo "    database $APP_USER exists"
  else
    runuser -u postgres -- createdb --owner="$APP_USER" --encoding=UTF8 --template=template0 "$APP_USER"
    echo "    database $APP_USER created"
  fi
}

application() {
  if [ -z "$PUBLISH" ]; then
    say "Application: $PREFIX kept (no --publish)"
    return
  fi
  say "Application: $PUBLISH → $PREFIX"
  if [ -x "$PREFIX/crmreco" ] && [ -f "$ENV_FILE" ]; then
    # An upgrade: a backup of the database as it is before the new build migrates it.
    if [ "$DRY_RUN" = 1 ] || "$PREFIX/crmreco" backup --help >/dev/null 2>&1; then
      as_app "$PREFIX/crmreco" backup --out "$STATE_DIR/backups" || warn "the pre-upgrade backup failed: see above; continuing"
    fi
  fi
  run rm -rf "$PREFIX.new"
  run cp -a "$PUBLISH/." "$PREFIX.new/"
  if [ -d "$DEPLOY_DIR/../docs" ]; then
    run cp -a "$DEPLOY_DIR/../docs" "$PREFIX.new/docs"
  fi
  run chown -R root:root "$PREFIX.new"
  run chmod -R u=rwX,go=rX "$PREFIX.new"
  run chmod 755 "$PREFIX.new/crmreco" "$PREFIX.new/crmreco-api"
  # Not yet installed on a first run: nothing to stop.
  run systemctl stop crmreco-api.service crmreco-worker.service 2>/dev/null || true
  run rm -rf "$PREFIX.old"
  if [ -d "$PREFIX" ]; then
    run mv "$PREFIX" "$PREFIX.old"
  fi
  run mv "$PREFIX.new" "$PREFIX"
  run rm -rf "$PREFIX.old"
}

units() {
  say "systemd units"
  local unit
  for unit in crmreco-api.service crmreco-worker.service; do
    run install -m 644 -o root -g root "$DEPLOY_DIR/$unit" "$UNIT_DIR/$unit"
  done
  run systemctl daemon-reload
  run systemctl enable crmreco-api.service crmreco-worker.service
  # A restart (not a start) so an upgrade runs the new build; ExecStartPre migrates the schema first.
  run systemctl restart crmreco-api.service crmreco-worker.service
}

https() {
  say "Caddy: https://$DOMAIN → $API_URL"
  if [ -f /etc/caddy/Caddyfile ] && [ ! -f /etc/caddy/Caddyfile.orig ] && ! grep -q CRMRECO_DOMAIN /etc/caddy/Caddyfile; then
    run cp -a /etc/caddy/Caddyfile /etc/caddy/Caddyfile.orig
  fi
  put_file /etc/caddy/Caddyfile 644 root <"$DEPLOY_DIR/Caddyfile"
  put_file "$CADDY_DROPIN" 644 root <<EOF
# Written by CrmReco's deploy/install.sh: the values of deploy/Caddyfile's placeholders.
[Service]
Environment=CRMRECO_DOMAIN=$DOMAIN
Environment=CRMRECO_ADMIN_EMAIL=$ADMIN_EMAIL
EOF
  run env CRMRECO_DOMAIN="$DOMAIN" CRMRECO_ADMIN_EMAIL="$ADMIN_EMAIL" caddy validate --config /etc/caddy/Caddyfile --adapter caddyfile
  run systemctl daemon-reload
  run systemctl enable caddy.service
  run systemctl reload-or-restart caddy.service
  if command -v ufw >/dev/null && ufw status 2>/dev/null | grep -q '^Status: active'; then
    run ufw allow 80/tcp
    run ufw allow 443/tcp
  fi
}

cli_wrapper() {
  say "Command line: /usr/local/bin/crmreco"
  # shellcheck disable=SC2016 # written as is: expanded when the wrapper runs
  printf '%s\n' '#!/bin/sh' \
    "# Written by CrmReco's deploy/install.sh: crmreco as the services run it (user, environment, folder). As root." \
    "exec runuser -u $APP_USER -- /bin/sh -c 'set -a; . $ENV_FILE; set +a; cd $STATE_DIR; exec $PREFIX/crmreco \"\$@\"' crmreco \"\$@\"" \
    | put_file /usr/local/bin/crmreco 755 root
}

first_admin() {
  say "First admin: $ADMIN_EMAIL"
  as_app "$PREFIX/crmreco" migrate
  local logins=""
  if [ "$DRY_RUN" = 0 ]; then
    logins=$(as_app "$PREFIX/crmreco" user list --json)
  fi
  # Compared in full (not piped into grep -q, whose early exit would fail the pipeline and reset the password).
  if [[ "${logins,,}" == *"\"${ADMIN_EMAIL,,}\""* ]]; then
    echo "    login exists (reset its password with: crmreco user add $ADMIN_EMAIL --role admin)"
    return
  fi
  as_app "$PREFIX/crmreco" user add "$ADMIN_EMAIL" --role admin
}

health() {
  say "Health"
  if [ "$DRY_RUN" = 1 ]; then
    echo "[dry-run] curl $API_URL/health/ready"
    return
  fi
  local i
  for i in $(seq 1 30); do
    if curl -fsS "$API_URL/health/ready" >/dev/null 2>&1; then
      echo "    the API is ready"
      return
    fi
    sleep 2
  done
  warn "the API did not answer $API_URL/health/ready within a minute ($i tries): journalctl -u crmreco-api -n 50"
}

preflight
packages
user_and_folders
environment_file
database
application
units
https
cli_wrapper
first_admin
health
say "Done: https://$DOMAIN (certificates may take a minute the first time: journalctl -u caddy -f)"
