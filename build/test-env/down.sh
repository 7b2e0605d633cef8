#!/usr/bin/env bash
# Stops what up.sh started: the private dockerd (never an engine up.sh only reused) and the
# registry, via their pidfiles; removes the registry's temporary storage and the env file.
# Idempotent; succeeds when nothing runs. Keeps the cache and the private engine's images, so the
# next up.sh is warm. `down.sh --purge` also deletes those (see README.md).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

purge=0
case "${1:-}" in
  "") ;;
  --purge) purge=1 ;;
  *) die "usage: down.sh [--purge]" ;;
esac

need_root down.sh
if [ ! -d "$STATE_DIR" ] && [ "$purge" -eq 0 ]; then
  rm -f "$ENV_LINK"
  exit 0
fi
take_lock

# Registry, then its throw-away storage.
stop_pid "$REGISTRY_PID" docker-registry 10
storage="$(cat "$REGISTRY_DIR_FILE" 2>/dev/null || true)"
case "$storage" in /tmp/pipelines-test-registry.*) rm -rf "$storage" ;; esac

# dockerd, only if up.sh started it (a reused engine is someone else's).
mode="$(cut -d' ' -f1 "$DOCKER_MODE_FILE" 2>/dev/null || true)"
if [ "$mode" != reused ]; then
  # dockerd stops its containers and its own containerd on TERM; give it time.
  stop_pid "$DOCKERD_PID" dockerd 45
  # A containerd that dockerd started under our exec-root and left behind (dockerd was KILLed).
  stop_pid "$STATE_DIR/exec/containerd/containerd.pid" containerd 10
  # Mounts left by a killed engine under our exec-root / data-root.
  awk -v a="$STATE_DIR/exec" -v b="$DOCKER_ROOT" 'index($2, a) == 1 || index($2, b) == 1 { print $2 }' \
    /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
fi

rm -f "$ENV_FILE" "$ENV_LINK"
rm -rf "$STATE_DIR/exec" "$DOCKER_SOCK" "$DOCKER_MODE_FILE" "$REGISTRY_CONF" "$REGISTRY_PORT_FILE" \
  "$REGISTRY_DIR_FILE" "$STATE_DIR/daemon.json"

if [ "$purge" -eq 1 ]; then
  rm -rf --one-file-system "$DOCKER_ROOT" "$CACHE_DIR"
fi
