#!/usr/bin/env bash
# PryvBus helper: installs what it needs, then runs a local platform or the whole test suite.
#
#   ./pryvbus.sh platform [--once]   Redis + leader + follower on this machine, sample single-node templates,
#                                    rendered files under .run/platform/pryv/. --once: stop after the first convergence.
#   ./pryvbus.sh test                every test (real redis-server, real files, real Docker daemon);
#                                    TRX results in TestResults/.
#   ./pryvbus.sh deps                only install and start the prerequisites.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$ROOT/.run"
REDIS_PORT="${PRYVBUS_REDIS_PORT:-6380}"
APT_UPDATED=0

log() { printf '[pryvbus] %s\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

deps_redis() {
  apt_install redis-server redis-tools
  # Debian starts a system redis on 6379 when it can; tests and the platform start their own.
}

deps() {
  deps_redis
}

build() {
  log "building (warnings are errors)"
  dotnet build "$ROOT/PryvBus.sln" -c Release -warnaserror -nologo -v quiet
}

cmd_test() {
  deps
  build
  rm -rf "$ROOT/TestResults"
  log "running every test"
  dotnet test "$ROOT/Tests/Tests.csproj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=results.trx" --results-directory "$ROOT/TestResults" "$@"
}

cmd_platform() {
  echo "platform: not available yet" >&2
  exit 1
}

case "${1:-}" in
  platform) shift; cmd_platform "$@" ;;
  test) shift; cmd_test "$@" ;;
  deps) deps ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac
