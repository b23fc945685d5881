#!/usr/bin/env bash
# PryvBus helper: installs what it needs, then runs a local platform, the whole test suite or the benchmark.
#
#   ./pryvbus.sh platform [--once] [--jit]   Redis + leader + follower on this machine, sample single-node templates,
#                                    rendered files under .run/platform/pryv/. --once: stop after the first convergence.
#                                    Leader and follower are the Native AOT executables (as in the images); --jit: the
#                                    JIT builds.
#                                    A declared demo (PRYVBUS_DEMO=1): the sample credentials are accepted.
#                                    PRYVBUS_REDIS_PORT (6380), PRYVBUS_LEADER_PORT (7070) and PRYVBUS_COMPOSE_PROJECT
#                                    (pryvbus-demo) choose its Redis port, leader port and stand-in containers' project;
#                                    it refuses to start when a port is taken or the project has containers it did not
#                                    create, and removes only the containers it created.
#   ./pryvbus.sh test [--fast]       every test (real redis-server, real files, real Docker daemon, the
#                                    compose stack); TRX results in TestResults/. Starts dockerd if none answers.
#                                    --fast: no Docker, no soak, no compose stack (Unit, Process, Redis categories).
#   ./pryvbus.sh images              build the local images: base (debootstrap), sdk, redis, leader, follower;
#                                    leader and follower only when their sources changed. Prints the variables the
#                                    compose files read (REDIS_IMAGE, PRYVBUS_LEADER_IMAGE, PRYVBUS_FOLLOWER_IMAGE).
#   ./pryvbus.sh bench [--quick] [--jit]   the benchmark (real redis-server, real follower processes,
#                                    BenchmarkDotNet); one markdown table under Tests/Benchmarks/results/. The leader
#                                    process and the followers are Native AOT executables; --jit: the JIT builds (and
#                                    agent hosts beyond 10 followers).
#   ./pryvbus.sh deps                only install and start the prerequisites.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$ROOT/.run"
# Logs of this script and of what it starts (dockerd, debootstrap, image builds): here, not at fixed names in /tmp,
# where anyone could have put a link before a root process writes through it.
LOG_DIR="$RUN_DIR/logs"
REDIS_PORT="${PRYVBUS_REDIS_PORT:-6380}"
LEADER_PORT="${PRYVBUS_LEADER_PORT:-7070}"
DEMO_PROJECT="${PRYVBUS_COMPOSE_PROJECT:-pryvbus-demo}"
APT_UPDATED=0

log() { printf '[pryvbus] %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ] && [ -n "${1:-}" ]; then
  log "run as root: this script installs Debian packages and starts dockerd (try: sudo $0 $*)"
  exit 1
fi

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

# --- Docker: Debian's docker.io, a daemon without bridge or iptables, and a tiny local busybox image. ---
# Nothing is ever pulled (no registry is reachable); containers use --network none or host.
BUSYBOX_IMAGE="pryvbus/busybox:local"
DOCKERD_LOG="${DOCKERD_LOG:-$LOG_DIR/dockerd.log}"

docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

start_dockerd() {
  local driver pid deadline
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  for driver in overlay2 vfs; do
    log "starting dockerd (storage driver $driver, log $DOCKERD_LOG)"
    nohup dockerd --bridge=none --iptables=false --ip6tables=false --storage-driver="$driver" \
      >>"$DOCKERD_LOG" 2>&1 </dev/null &
    pid=$!
    deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
      docker_answers && { log "dockerd answers (pid $pid, $driver)"; return 0; }
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    log "dockerd with $driver did not come up"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f /var/run/docker.pid   # a dead dockerd's pid file blocks the next start
  done
  tail -n 20 "$DOCKERD_LOG" >&2 || true
  return 1
}

busybox_image_works() {
  docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1 &&
    docker run --rm --pull never --network none "$BUSYBOX_IMAGE" sleep 0 >/dev/null 2>&1
}

build_busybox_image() {
  local dir applet
  dir="$(mktemp -d /tmp/pryvbus-busybox.XXXXXX)"
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" && chmod 1777 "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  # Relative links (not `busybox --install -s`, which links to the absolute path of the temp copy).
  for applet in $(/bin/busybox --list); do
    [ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
  done
  echo "root:x:0:0:root:/root:/bin/sh" >"$dir/etc/passwd"
  docker image rm -f "$BUSYBOX_IMAGE" >/dev/null 2>&1 || true
  tar -C "$dir" -c . | docker import --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$dir"
  log "imported $BUSYBOX_IMAGE"
}

deps_docker() {
  apt_install docker.io busybox-static
  docker_answers || start_dockerd
  busybox_image_works || build_busybox_image
  busybox_image_works
}

deps() {
  deps_redis
  deps_docker
  apt_install debootstrap docker-compose
}

# --- Local images for the compose stack. Nothing can be pulled here, so the official base images of the
# Dockerfiles are replaced by local ones: a Debian bookworm minbase (debootstrap + docker import), an SDK image
# (that base plus this machine's .NET SDK and NuGet configuration) and a Redis image (that base plus Debian's
# redis-server). Those three are built once and kept; leader and follower are rebuilt from the current source.
BASE_IMAGE="pryvbus/base:local"
SDK_IMAGE="pryvbus/sdk-aot:local"   # the SDK plus a C toolchain (Native AOT publishes of the leader and follower)
REDIS_IMAGE="pryvbus/redis:local"
LEADER_IMAGE="pryvbus/leader:local"
FOLLOWER_IMAGE="pryvbus/follower:local"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The Debian mirror this machine's apt uses (deb822 or one-line sources), so no host name is written down here.
debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || { log "no bookworm mirror found in /etc/apt/sources.list*"; return 1; }
  echo "$uri"
}

# What a self-contained .NET app needs beyond minbase (libc6, libgcc-s1, libstdc++6, zlib1g are already there):
# TLS (libssl3) and the CA bundle. InvariantGlobalization is on, so no libicu.
build_base_image() {
  local dir mirror started=$SECONDS
  mirror=$(debian_mirror)
  dir=$(mktemp -d /tmp/pryvbus-rootfs.XXXXXX)
  log "debootstrap --variant=minbase bookworm (a minute or more; the image is kept afterwards)"
  mkdir -p "$LOG_DIR"
  debootstrap --variant=minbase --include=ca-certificates,libssl3 bookworm "$dir" "$mirror" >"$LOG_DIR/debootstrap.log" 2>&1 ||
    { tail -n 20 "$LOG_DIR/debootstrap.log" >&2; rm -rf "$dir"; return 1; }
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$dir"
  log "imported $BASE_IMAGE ($((SECONDS - started)) s)"
}

# The base plus this machine's SDK (docker cp into a container, then commit), its user-level NuGet.Config (the
# repository's NuGet.config inherits its package sources from there) and its CA bundle.
build_sdk_image() {
  local dotnet_root nuget_config="$HOME/.nuget/NuGet/NuGet.Config" ctr started=$SECONDS
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  log "building $SDK_IMAGE from $BASE_IMAGE, Debian's gcc and zlib1g-dev (Native AOT), and the SDK in $dotnet_root"
  docker build -q --force-rm --network host -t "$SDK_IMAGE" - >/dev/null <<DOCKERFILE
FROM $BASE_IMAGE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev zlib1g-dev >/dev/null \
 && rm -rf /var/lib/apt/lists/*
DOCKERFILE
  ctr=$(docker create --pull never --network none "$SDK_IMAGE" true)
  docker cp "$dotnet_root" "$ctr:/usr/share/dotnet"
  if [ -f "$nuget_config" ]; then
    tar -C "$HOME" -c .nuget/NuGet/NuGet.Config | docker cp - "$ctr:/root/"
  fi
  # Trust what this machine trusts (a proxy's CA, say), so that restores reach the registry as they do here.
  tar -C / -c etc/ssl/certs/ca-certificates.crt | docker cp - "$ctr:/"
  docker commit \
    --change "ENV NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}" \
    --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
    --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1' \
    --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' \
    "$ctr" "$SDK_IMAGE" >/dev/null
  docker rm -f "$ctr" >/dev/null
  log "built $SDK_IMAGE ($((SECONDS - started)) s)"
}

# Stands in for the official redis:7 image: same uid (999), same config folder, /data, redis-server on PATH, and the
# same umask 0077 set by its entrypoint (ACL SAVE then writes users.acl readable by redis only, not by every user).
# REDIS_IMAGE_REVISION is a label: an image built before the current recipe is built again.
REDIS_IMAGE_REVISION=2
redis_image_current() {
  [ "$(docker image inspect -f '{{index .Config.Labels "io.pryvbus.redis-revision"}}' "$REDIS_IMAGE" 2>/dev/null || true)" = "$REDIS_IMAGE_REVISION" ]
}

build_redis_image() {
  local started=$SECONDS
  log "building $REDIS_IMAGE from $BASE_IMAGE and Debian's redis-server"
  docker build -q --force-rm --network host -t "$REDIS_IMAGE" - >/dev/null <<DOCKERFILE
FROM $BASE_IMAGE
RUN groupadd -r -g 999 redis && useradd -r -g redis -u 999 -d /data redis \
 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /data /usr/local/etc/redis && chown redis:redis /data
WORKDIR /data
VOLUME /data
USER 999:999
LABEL io.pryvbus.redis-revision=$REDIS_IMAGE_REVISION
ENTRYPOINT ["/bin/sh", "-c", "umask 0077 && exec \"\$@\"", "redis-entrypoint"]
CMD ["redis-server"]
DOCKERFILE
  log "built $REDIS_IMAGE ($((SECONDS - started)) s)"
}

# The leader and follower images from the current source. The context is a copy of the sources only (no bin/,
# obj/, .run/ or test results): the legacy builder of Debian's docker reads no per-Dockerfile ignore file.
# An image is rebuilt only when its sources changed: a hash of what its Dockerfile copies (the root build files,
# Shared/, its project folder, the Dockerfile) and of the SDK and base image ids is stored as the label
# io.pryvbus.source-hash; an equal label skips the build.
SOURCE_HASH_LABEL="io.pryvbus.source-hash"
# Set on the build stage of both Dockerfiles (LABEL io.pryvbus.stage=build): what a multi-stage build leaves behind
# untagged is pruned by this label only, never another user's dangling images.
BUILD_STAGE_LABEL="io.pryvbus.stage=build"

source_hash() {
  local ctx=$1 app=$2 project
  project=$( [ "$app" = leader ] && echo Leader || echo Follower )
  {
    (cd "$ctx" && find .editorconfig Directory.Build.props Directory.Packages.props NuGet.config global.json Shared \
      "$project" "compose/docker/Dockerfile.$app" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    docker image inspect -f '{{.Id}}' "$SDK_IMAGE" "$BASE_IMAGE"
  } | sha256sum | cut -c1-64
}

build_app_images() {
  local ctx started=$SECONDS app previous hash built=0
  ctx=$(mktemp -d /tmp/pryvbus-context.XXXXXX)
  mkdir -p "$LOG_DIR"
  tar -C "$ROOT" --exclude=bin --exclude=obj --exclude=.run --exclude=TestResults --exclude=.git \
    -c .editorconfig Directory.Build.props Directory.Packages.props NuGet.config global.json Shared Leader Follower compose/docker |
    tar -C "$ctx" -x
  for app in leader follower; do
    hash=$(source_hash "$ctx" "$app")
    if [ "$(docker image inspect -f "{{index .Config.Labels \"$SOURCE_HASH_LABEL\"}}" "pryvbus/$app:local" 2>/dev/null || true)" = "$hash" ]; then
      log "pryvbus/$app:local is up to date (sources unchanged: $SOURCE_HASH_LABEL=${hash:0:12}…)"
      continue
    fi
    previous=$(docker image inspect -f '{{.Id}}' "pryvbus/$app:local" 2>/dev/null || true)
    log "building pryvbus/$app:local (compose/docker/Dockerfile.$app; log .run/logs/build-$app.log)"
    docker build --force-rm --network host -f "$ctx/compose/docker/Dockerfile.$app" \
      --build-arg SDK_IMAGE="$SDK_IMAGE" --build-arg RUNTIME_IMAGE="$BASE_IMAGE" --label "$SOURCE_HASH_LABEL=$hash" \
      -t "pryvbus/$app:local" "$ctx" >"$LOG_DIR/build-$app.log" 2>&1 ||
      { tail -n 40 "$LOG_DIR/build-$app.log" >&2; rm -rf "$ctx"; return 1; }
    built=1
    # The image the tag pointed at before is now untagged: remove it rather than let every build pile up.
    if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "pryvbus/$app:local")" ]; then
      docker image rm "$previous" >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$ctx"
  if [ "$built" = 1 ]; then
    # The untagged build stages (the SDK plus the restored packages, the largest images here): only PryvBus's own.
    docker image prune -f --filter "label=$BUILD_STAGE_LABEL" >/dev/null || true
    log "built the changed images of $LEADER_IMAGE and $FOLLOWER_IMAGE ($((SECONDS - started)) s)"
  fi
}

cmd_images() {
  deps_docker
  apt_install debootstrap docker-compose
  # `if` rather than `||`: a function called on the right of `||` runs without errexit.
  if ! image_exists "$BASE_IMAGE"; then build_base_image; fi
  if ! image_exists "$SDK_IMAGE"; then build_sdk_image; fi
  if ! redis_image_current; then build_redis_image; fi
  build_app_images
}

print_image_env() {
  cat <<ENV
# What the compose files under compose/ read to use these local images (nothing is pulled):
export REDIS_IMAGE=$REDIS_IMAGE PRYVBUS_LEADER_IMAGE=$LEADER_IMAGE PRYVBUS_FOLLOWER_IMAGE=$FOLLOWER_IMAGE
ENV
}

build() {
  log "building (warnings are errors)"
  dotnet build "$ROOT/PryvBus.sln" -c Release -warnaserror -nologo -v quiet
}

# Test categories (docs/testing.md): Unit, Process, Redis need no Docker; Docker, Soak, EndToEnd do.
FAST_FILTER="Category!=Docker&Category!=Soak&Category!=EndToEnd&Category!=Browser"

cmd_test() {
  local fast=0 args=()
  for arg in "$@"; do
    if [ "$arg" = "--fast" ]; then fast=1; else args+=("$arg"); fi
  done
  if [ "$fast" -eq 1 ]; then
    deps_redis
  else
    deps
    cmd_images
  fi
  apt_install strace   # the crash tests kill the follower on entering a given system call
  [ "$fast" -eq 1 ] || apt_install chromium   # the console's browser tests (Playwright drives it; nothing is downloaded)
  build
  rm -rf "$ROOT/TestResults"
  local filter=()
  if [ "$fast" -eq 1 ]; then
    log "running the fast loop: every test but Docker, Soak and EndToEnd"
    filter=(--filter "$FAST_FILTER")
  else
    log "running every test"
  fi
  dotnet test "$ROOT/Tests/Tests.csproj" -c Release --no-build --nologo "${filter[@]}" \
    --logger "trx;LogFileName=results.trx" --results-directory "$ROOT/TestResults" "${args[@]}"
}

# The follower as a Native AOT executable, the build the image ships (the C toolchain is Debian's gcc): $RUN_DIR/aot.
publish_follower_aot() {
  apt_install gcc zlib1g-dev
  log "publishing the follower with Native AOT"
  dotnet publish "$ROOT/Follower/Follower.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$RUN_DIR/aot" -nologo -v quiet
}

# The leader as a Native AOT executable, the build the image ships: $RUN_DIR/aot-leader.
publish_leader_aot() {
  apt_install gcc zlib1g-dev
  log "publishing the leader with Native AOT"
  dotnet publish "$ROOT/Leader/Leader.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$RUN_DIR/aot-leader" -nologo -v quiet
}

cmd_bench() {
  # Redis only: the followers run with containers off, so the benchmark needs no Docker daemon.
  deps_redis
  build
  local args=() jit=0
  for arg in "$@"; do
    case "$arg" in
      --jit) jit=1 ;;
      --aot) ;;   # the default now; accepted for older scripts
      *) args+=("$arg") ;;
    esac
  done
  if [ "$jit" -eq 0 ]; then
    publish_follower_aot
    publish_leader_aot
    export PRYVBUS_BENCH_FOLLOWER="$RUN_DIR/aot/pryvbus-follower"
    export PRYVBUS_BENCH_LEADER="$RUN_DIR/aot-leader/pryvbus-leader"
  else
    unset PRYVBUS_BENCH_FOLLOWER PRYVBUS_BENCH_LEADER
  fi
  log "running the benchmark (${args[*]:---full}); about 3 minutes, 1 with --quick"
  dotnet "$ROOT/Tests/Benchmarks/bin/Release/net10.0/pryvbus-bench.dll" all "${args[@]}"
}

PIDS=()
CREATED=()   # ids of the containers this run created: the only ones it ever removes
# Every stand-in container carries this label, with the PID of the script that created it as its value.
OWNER_LABEL="io.pryvbus.platform-owner"
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Only the processes started here: a bare `wait` would also wait for a dockerd this script started (forever).
  [ ${#PIDS[@]} -eq 0 ] || wait "${PIDS[@]}" 2>/dev/null || true
  [ ${#CREATED[@]} -eq 0 ] || docker rm -f "${CREATED[@]}" >/dev/null 2>&1 || true
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The follower restarts every container of its compose project: refuse a project that holds containers this script
# did not create. Stand-ins left by an earlier run of this script that was killed (its PID is gone) are removed.
check_project() {
  local id owner others=()
  for id in $(docker ps -aq --filter "label=com.docker.compose.project=$DEMO_PROJECT"); do
    owner=$(docker inspect -f "{{index .Config.Labels \"$OWNER_LABEL\"}}" "$id" 2>/dev/null || true)
    if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
      log "removing stand-in container $id left by an earlier run (pid $owner is gone)"
      docker rm -f "$id" >/dev/null
    else
      others+=("$(docker inspect -f '{{.Name}}' "$id" | tr -d /)")
    fi
  done
  if [ ${#others[@]} -gt 0 ]; then
    log "compose project $DEMO_PROJECT already has containers this run did not create (${others[*]}): the follower" \
      "would restart them. Choose another project: PRYVBUS_COMPOSE_PROJECT=name $0 platform"
    return 1
  fi
}

# Stand-in component containers (busybox, no network) labelled like compose would, so restarts can be watched.
start_stand_ins() {
  local component
  # One per component of the sample role (the first folder level of its template tree).
  for component in $(cd "$ROOT/compose/singlenode/config-leader/data/singlenode" && ls -d */ | tr -d /); do
    CREATED+=("$(docker run -d --pull never --network none --stop-signal KILL --name "$DEMO_PROJECT-$component" \
      --label "com.docker.compose.project=$DEMO_PROJECT" --label "com.docker.compose.service=$component" \
      --label "$OWNER_LABEL=$$" "$BUSYBOX_IMAGE" sleep 1000000)")
  done
  log "stand-in containers: $(docker ps --filter "label=com.docker.compose.project=$DEMO_PROJECT" --format '{{.Names}}' | sort | tr '\n' ' ')"
}

# Redis on REDIS_PORT, refused when something already listens there; then checked: the server answering on the port
# must report the PID started here, so the leader and follower never write into someone else's Redis.
start_redis() {
  local pid answering=""
  if port_taken "$REDIS_PORT"; then
    log "127.0.0.1:$REDIS_PORT is already in use: choose another port, e.g. PRYVBUS_REDIS_PORT=6390 $0 platform"
    return 1
  fi
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$RUN_DIR/redis" \
    >"$RUN_DIR/logs/redis.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do
    answering=$(redis-cli -p "$REDIS_PORT" INFO server 2>/dev/null | tr -d '\r' | awk -F: '$1 == "process_id" { print $2 }' || true)
    [ -n "$answering" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$answering" != "$pid" ]; then
    log "the Redis on 127.0.0.1:$REDIS_PORT is not the one started here (pid ${answering:-none}, expected $pid); see .run/logs/redis.log"
    return 1
  fi
}

check_port() {
  if ! [[ "$2" =~ ^[1-9][0-9]{0,4}$ ]] || [ "$2" -gt 65535 ]; then
    # The value quoted as the shell would (%q): a newline or control character in it cannot forge another line.
    log "$1=$(printf '%q' "$2") is not a port: a whole number from 1 to 65535"
    exit 2
  fi
}

cmd_platform() {
  local once=0 jit=0
  for arg in "$@"; do
    case "$arg" in
      --once) once=1 ;;
      --jit) jit=1 ;;
      *) log "unknown option $arg (platform [--once] [--jit])"; exit 2 ;;
    esac
  done
  # These go into sed programs and container names below: only what they are meant to be, checked before anything runs.
  check_port PRYVBUS_REDIS_PORT "$REDIS_PORT"
  check_port PRYVBUS_LEADER_PORT "$LEADER_PORT"
  if ! [[ "$DEMO_PROJECT" =~ ^[a-z0-9][a-z0-9_-]{0,62}$ ]]; then
    log "PRYVBUS_COMPOSE_PROJECT=$(printf '%q' "$DEMO_PROJECT") is not a compose project name: lowercase letters, digits, '-' and '_', starting with a letter or digit"
    exit 2
  fi
  deps_redis
  deps_docker
  build
  if [ "$jit" -eq 0 ]; then
    publish_follower_aot
    publish_leader_aot
  fi
  # Checked before anything is touched: another run's working copy, ports and containers stay as they are.
  if port_taken "$LEADER_PORT"; then
    log "127.0.0.1:$LEADER_PORT is already in use: choose another port, e.g. PRYVBUS_LEADER_PORT=7080 $0 platform"
    exit 1
  fi
  if port_taken "$REDIS_PORT"; then
    log "127.0.0.1:$REDIS_PORT is already in use: choose another port, e.g. PRYVBUS_REDIS_PORT=6390 $0 platform"
    exit 1
  fi
  check_project

  # A working copy of the sample single-node platform, laid out like ${PRYV_CONF_ROOT}.
  local conf_root="$RUN_DIR/platform"
  rm -rf "$conf_root" "$RUN_DIR/redis" && mkdir -p "$conf_root" "$RUN_DIR/redis" "$RUN_DIR/logs"
  cp -r "$ROOT/compose/singlenode/." "$conf_root/"
  sed -i "s/127.0.0.1:6379/127.0.0.1:$REDIS_PORT/" \
    "$conf_root/config-leader/conf/config-leader.json" "$conf_root/config-follower/conf/config-follower.json"
  # The leader's HTTP API on LEADER_PORT (the sample has no "http" section: the default is 127.0.0.1:7070).
  sed -i "s|^  \"keyPrefix\": \"pryvbus\",|&\n  \"http\": { \"urls\": [\"http://127.0.0.1:$LEADER_PORT\"] },|" \
    "$conf_root/config-leader/conf/config-leader.json"
  sed -i "s/\"composeProject\": \"pryv\"/\"composeProject\": \"$DEMO_PROJECT\"/" "$conf_root/config-follower/conf/config-follower.json"
  # The stand-ins play the components and the sample's pryvio images are not on this machine: nginx's check (never
  # skipped, and run in the image pryv.yml names) would refuse every version, so the demo's copy declares none.
  sed -i -z 's/,\s*"check": {[^}]*}//' "$conf_root/config-leader/conf/config-leader.json"
  # The settings hold the follower key: readable by this user only, as docs/deployment.md says (the programs warn otherwise).
  chmod 600 "$conf_root/config-leader/conf/config-leader.json" "$conf_root/config-follower/conf/config-follower.json"
  export PRYV_CONF_ROOT="$conf_root"
  # A throwaway demo on this machine: the sample follower key (change-me-…) is accepted, with a warning in each log.
  # Both programs refuse sample credentials without this declaration.
  export PRYVBUS_DEMO=1

  trap stop_all EXIT INT TERM
  start_redis
  start_stand_ins

  local bin="$ROOT/Leader/bin/Release/net10.0" fbin="$ROOT/Follower/bin/Release/net10.0"
  local leader=("$RUN_DIR/aot-leader/pryvbus-leader")
  [ "$jit" -eq 0 ] || leader=(dotnet "$bin/pryvbus-leader.dll")
  log "starting the leader, $([ "$jit" -eq 0 ] && echo "Native AOT" || echo "JIT") (logs: .run/logs/leader.log)"
  "${leader[@]}" run --config "$conf_root/config-leader/conf/config-leader.json" \
    >"$RUN_DIR/logs/leader.log" 2>&1 &
  PIDS+=($!)
  local follower=("$RUN_DIR/aot/pryvbus-follower")
  [ "$jit" -eq 0 ] || follower=(dotnet "$fbin/pryvbus-follower.dll")
  log "starting the follower, $([ "$jit" -eq 0 ] && echo "Native AOT" || echo "JIT") (logs: .run/logs/follower.log)"
  "${follower[@]}" --config "$conf_root/config-follower/conf/config-follower.json" \
    >"$RUN_DIR/logs/follower.log" 2>&1 &
  PIDS+=($!)

  log "waiting for the follower to apply the leader's version"
  local serial="" applied="" restarted=""
  for _ in $(seq 600); do
    serial=$(redis-cli -p "$REDIS_PORT" GET pryvbus:serial:singlenode)
    applied=$(redis-cli -p "$REDIS_PORT" HGET pryvbus:follower:singlenode-1 serial)
    restarted=$(redis-cli -p "$REDIS_PORT" HGET pryvbus:follower:singlenode-1 restarted)
    [ -n "$serial" ] && [ "$serial" = "$applied" ] && [ -n "$restarted" ] && break
    sleep 0.1
  done
  if [ -z "$serial" ] || [ "$serial" != "$applied" ]; then
    log "the follower did not converge; last lines of the logs:"
    tail -n 20 "$RUN_DIR/logs/leader.log" "$RUN_DIR/logs/follower.log" >&2
    exit 1
  fi

  echo
  echo "Converged: role singlenode at serial $serial. Files written under $conf_root/pryv:"
  (cd "$conf_root/pryv" && find . -type f ! -path './.pryvbus/*' -printf '  %m  %p\n' | sort -k2)
  echo "Containers restarted by the follower (project $DEMO_PROJECT): $restarted"
  # A short command for the operator: this platform's leader CLI with its settings (valid while .run/platform exists).
  mkdir -p "$RUN_DIR/bin"
  cat >"$RUN_DIR/bin/pryvbus-leader" <<WRAPPER
#!/bin/sh
PRYVBUS_DEMO=1 exec $(printf '%q ' "${leader[@]}")--config "$conf_root/config-leader/conf/config-leader.json" "\$@"
WRAPPER
  chmod 755 "$RUN_DIR/bin/pryvbus-leader"
  cat <<INFO

Try:
  export PATH="$RUN_DIR/bin:\$PATH"; pryvbus-leader status
  curl -s http://127.0.0.1:$LEADER_PORT/health
  redis-cli -p $REDIS_PORT HGETALL pryvbus:follower:singlenode-1
  redis-cli -p $REDIS_PORT HGETALL pryvbus:meta:singlenode:$serial
  redis-cli -p $REDIS_PORT PUBLISH pryvbus:events 'reload singlenode nginx'
  docker ps --filter label=com.docker.compose.project=$DEMO_PROJECT --format '{{.Names}} {{.Status}}'
  edit $conf_root/config-leader/conf/config-leader.json (e.g. DOMAIN) and watch $conf_root/pryv/ change
  pryvbus-leader describe
INFO
  if [ "$once" = 1 ]; then
    return 0
  fi
  log "running; Ctrl-C stops Redis, the leader, the follower and the stand-in containers"
  wait "${PIDS[@]}"
}

case "${1:-}" in
  platform) shift; cmd_platform "$@" ;;
  test) shift; cmd_test "$@" ;;
  images) cmd_images; print_image_env ;;
  bench) shift; cmd_bench "$@" ;;
  deps) deps ;;
  *) sed -n '2,20p' "$0"; exit 2 ;;
esac
