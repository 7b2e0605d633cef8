# Shared settings and helpers for up.sh and down.sh. Sourced, not run.
# shellcheck shell=bash disable=SC2034  # the settings are used by up.sh / down.sh

# ---- settings (each can be overridden from the environment) ---------------------------------
# Runtime state: sockets, pidfiles, logs, the env file. On /run, so a reboot clears it.
STATE_DIR="${PIPELINES_TEST_STATE:-/run/pipelines-test}"
# Kept between runs: the .deb cache, the base image (OCI layout). Delete it to rebuild.
CACHE_DIR="${PIPELINES_TEST_CACHE:-/var/cache/pipelines-test}"
# The private dockerd's data root (its images survive down.sh, so up.sh after down.sh is warm).
# A second instance (another PIPELINES_TEST_STATE) gets its own, inside its state dir.
if [ "$STATE_DIR" = /run/pipelines-test ]; then
  DOCKER_ROOT="${PIPELINES_TEST_DOCKER_ROOT:-/var/lib/pipelines-test-docker}"
else
  DOCKER_ROOT="${PIPELINES_TEST_DOCKER_ROOT:-$STATE_DIR/docker-root}"
fi
# Debian suite of the base image; the mirror comes from this machine's apt sources.
BASE_SUITE="${PIPELINES_TEST_SUITE:-bookworm}"
# 1 = put libicu72 into the base (bigger); default: DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1.
BASE_ICU="${PIPELINES_TEST_BASE_ICU:-0}"
# Where the .NET runtime to copy into the base comes from.
DOTNET_SRC="${PIPELINES_TEST_DOTNET_ROOT:-/usr/share/dotnet}"
# Which runtime band goes into the base image (the image tag is this band).
RUNTIME_BAND="${PIPELINES_TEST_RUNTIME_BAND:-10.0}"

BASE_REPO="pipelines-test/dotnet-runtime"
BASE_TAG="$RUNTIME_BAND"
BASE_IMAGE="$BASE_REPO:$BASE_TAG"
# Bump when the recipe below changes in a way that must rebuild cached images.
RECIPE_VERSION=1

DOCKER_SOCK="$STATE_DIR/docker.sock"
PRIVATE_DOCKER_HOST="unix://$DOCKER_SOCK"
DOCKERD_PID="$STATE_DIR/dockerd.pid"
DOCKERD_LOG="$STATE_DIR/dockerd.log"
DOCKER_MODE_FILE="$STATE_DIR/docker.mode"       # "started <host>" or "reused <host>"
REGISTRY_PID="$STATE_DIR/registry.pid"
REGISTRY_LOG="$STATE_DIR/registry.log"
REGISTRY_CONF="$STATE_DIR/registry.yml"
REGISTRY_PORT_FILE="$STATE_DIR/registry.port"
REGISTRY_DIR_FILE="$STATE_DIR/registry.dir"
ENV_FILE="$STATE_DIR/env"
UP_LOG="$STATE_DIR/up.log"
LOCK_FILE="$STATE_DIR/lock"
# Convenience link in the work tree (git-ignored) to the env file above.
ENV_LINK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.env"

# ---- helpers ----------------------------------------------------------------------------------
# Set by up.sh: what to do about a half-started environment.
FAIL_HINT=""

die() {
  echo "test-env: $*" >&2
  [ -z "$FAIL_HINT" ] || echo "test-env: $FAIL_HINT" >&2
  exit 1
}

# die with the last lines of a log file
die_log() {
  local log="$1"; shift
  echo "test-env: $*" >&2
  if [ -s "$log" ]; then
    echo "---- last lines of $log ----" >&2
    tail -n 25 "$log" >&2
    echo "----" >&2
  fi
  [ -z "$FAIL_HINT" ] || echo "test-env: $FAIL_HINT" >&2
  exit 1
}

log() { printf '%s %s\n' "$(date +%T)" "$*" >>"$UP_LOG"; }

need_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 must run as root (it starts dockerd, runs apt-get and debootstrap)."
}

take_lock() {
  mkdir -p "$STATE_DIR"
  # fd 9 holds the lock; the daemons are started with 9>&- so they do not inherit (and keep) it.
  exec 9>"$LOCK_FILE"
  if ! flock -n 9; then
    echo "test-env: waiting for another up.sh/down.sh (lock $LOCK_FILE) ..." >&2
    flock -w 900 9 || die "another up.sh/down.sh has held $LOCK_FILE for over 15 minutes."
  fi
}

# pid_alive PIDFILE NAME: the pid in PIDFILE runs a program whose command line contains NAME.
pid_alive() {
  local pidfile="$1" name="$2" pid
  [ -s "$pidfile" ] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$name"
}

# stop_pid PIDFILE NAME SECONDS: TERM, wait, then KILL. Only if it is still NAME.
stop_pid() {
  local pidfile="$1" name="$2" secs="$3" pid i
  if pid_alive "$pidfile" "$name"; then
    pid="$(tr -dc '0-9' <"$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 10; i++)); do
      [ -d "/proc/$pid" ] || break
      sleep 0.1
    done
    if [ -d "/proc/$pid" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$pidfile"
}

docker_answers() { # docker_answers [HOST]
  if [ -n "${1:-}" ]; then
    DOCKER_HOST="$1" timeout 15 docker info >/dev/null 2>&1
  else
    timeout 15 docker info >/dev/null 2>&1
  fi
}

registry_answers() { curl -sf -o /dev/null --max-time 3 "http://127.0.0.1:$1/v2/"; }
