#!/usr/bin/env bash
# Starts the container test environment (see README.md beside this file):
#   - a Docker engine: reuses one that answers, else starts a private dockerd;
#   - a local distribution registry on 127.0.0.1;
#   - a base image (Debian minbase + the installed .NET runtime), built offline from Debian
#     packages and cached, as an OCI layout, loaded into the engine and pushed to the registry;
#   - an env file with the coordinates, to `source`.
# Idempotent: a second run reuses everything. Quiet on success but for the `source` line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

need_root up.sh
take_lock
FAIL_HINT="what up.sh started so far keeps running; $HERE/down.sh stops it. Full log: $UP_LOG"
: >"$UP_LOG"
export DEBIAN_FRONTEND=noninteractive

# ---- 1. packages -------------------------------------------------------------------------------
ensure_packages() {
  local -a missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  command -v ss >/dev/null || missing+=(iproute2)
  command -v flock >/dev/null || missing+=(util-linux)
  [ "${#missing[@]}" -gt 0 ] || return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "installing: ${missing[*]}"
  # Packages must not start their own services (docker.io and docker-registry would, without
  # systemd). A policy-rc.d that says no, only for the time of this install, unless one exists.
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local rc=0
  {
    apt-get -o DPkg::Lock::Timeout=300 update -q &&
      apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
  } >>"$UP_LOG" 2>&1 || rc=$?
  [ "$made_policy" -eq 0 ] || rm -f /usr/sbin/policy-rc.d
  [ "$rc" -eq 0 ] || die_log "$UP_LOG" "apt-get install ${missing[*]} failed."
  if ! command -v dockerd >/dev/null || [ ! -x /usr/bin/docker-registry ] || ! command -v debootstrap >/dev/null; then
    die_log "$UP_LOG" "packages installed but dockerd / docker-registry / debootstrap still missing."
  fi
}

# ---- 2. docker engine --------------------------------------------------------------------------
# Sets DOCKER_HOST_USED.
ensure_docker() {
  # (a) our own private dockerd from an earlier run
  if pid_alive "$DOCKERD_PID" dockerd && docker_answers "$PRIVATE_DOCKER_HOST"; then
    DOCKER_HOST_USED="$PRIVATE_DOCKER_HOST"
    echo "started $DOCKER_HOST_USED" >"$DOCKER_MODE_FILE"
    log "docker: reusing the private dockerd started earlier"
    return
  fi
  # (b) an engine that already answers ($DOCKER_HOST or the default socket / context)
  if [ "${PIPELINES_TEST_REUSE_DOCKER:-1}" != 0 ] && docker_answers; then
    local host="${DOCKER_HOST:-}"
    if [ -z "$host" ]; then
      host="$(docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null || true)"
      [ -n "$host" ] || host="unix:///var/run/docker.sock"
    fi
    if [ "$host" != "$PRIVATE_DOCKER_HOST" ]; then
      DOCKER_HOST_USED="$host"
      echo "reused $DOCKER_HOST_USED" >"$DOCKER_MODE_FILE"
      log "docker: reusing the engine at $host (not started by us; down.sh leaves it alone)"
      return
    fi
  fi
  # (c) start a private dockerd
  log "docker: starting a private dockerd on $PRIVATE_DOCKER_HOST"
  stop_pid "$DOCKERD_PID" dockerd 20 # a half-dead one from before
  local other
  other="$(pgrep -f -- "--data-root $DOCKER_ROOT( |\$)" | head -n 1 || true)"
  [ -z "$other" ] || die "dockerd pid $other already uses the data root $DOCKER_ROOT (another test-env \
instance?). Use that one (source its env file / set DOCKER_HOST), or set PIPELINES_TEST_DOCKER_ROOT."
  # What a killed dockerd leaves in its exec-root: its containerd (alive or a zombie whose pid
  # still answers kill -0, which makes a new dockerd wait for it in vain), sockets, mounts.
  stop_pid "$STATE_DIR/exec/containerd/containerd.pid" containerd 10
  unmount_under "$STATE_DIR/exec/"
  rm -rf "$STATE_DIR/exec" "$DOCKER_SOCK"
  mkdir -p "$DOCKER_ROOT" "$STATE_DIR/exec"
  echo '{}' >"$STATE_DIR/daemon.json"
  : >"$DOCKERD_LOG"
  setsid dockerd \
    --host "$PRIVATE_DOCKER_HOST" \
    --config-file "$STATE_DIR/daemon.json" \
    --data-root "$DOCKER_ROOT" \
    --exec-root "$STATE_DIR/exec" \
    --pidfile "$DOCKERD_PID" \
    --iptables=false --ip-masq=false --ip-forward=false --bridge=none \
    --log-level=warn \
    </dev/null >>"$DOCKERD_LOG" 2>&1 9>&- &
  local launcher=$! i
  echo "started $PRIVATE_DOCKER_HOST" >"$DOCKER_MODE_FILE"
  for ((i = 0; i < 120; i++)); do
    if docker_answers "$PRIVATE_DOCKER_HOST"; then
      DOCKER_HOST_USED="$PRIVATE_DOCKER_HOST"
      log "docker: private dockerd up after ~$((i / 2)) s"
      return
    fi
    if ! kill -0 "$launcher" 2>/dev/null && ! pid_alive "$DOCKERD_PID" dockerd; then
      die_log "$DOCKERD_LOG" "dockerd exited during start-up."
    fi
    sleep 0.5
  done
  die_log "$DOCKERD_LOG" "dockerd did not answer on $PRIVATE_DOCKER_HOST within 60 s."
}

# ---- 3. registry -------------------------------------------------------------------------------
port_free() { [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

pick_port() {
  local p
  if [ -n "${PIPELINES_TEST_REGISTRY_PORT:-}" ]; then
    port_free "$PIPELINES_TEST_REGISTRY_PORT" ||
      die "PIPELINES_TEST_REGISTRY_PORT=$PIPELINES_TEST_REGISTRY_PORT is in use."
    echo "$PIPELINES_TEST_REGISTRY_PORT"
    return
  fi
  for p in $(cat "$REGISTRY_PORT_FILE" 2>/dev/null) 5000 $(seq 5001 5099) $(seq 15000 15099); do
    if port_free "$p"; then echo "$p"; return; fi
  done
  die "no free port for the registry in 5000-5099 or 15000-15099."
}

# Sets REGISTRY_PORT.
ensure_registry() {
  if pid_alive "$REGISTRY_PID" docker-registry && [ -s "$REGISTRY_PORT_FILE" ] &&
    registry_answers "$(cat "$REGISTRY_PORT_FILE")"; then
    REGISTRY_PORT="$(cat "$REGISTRY_PORT_FILE")"
    log "registry: reusing 127.0.0.1:$REGISTRY_PORT"
    return
  fi
  stop_pid "$REGISTRY_PID" docker-registry 10
  local old_dir
  old_dir="$(cat "$REGISTRY_DIR_FILE" 2>/dev/null || true)"
  case "$old_dir" in /tmp/pipelines-test-registry.*) rm -rf "$old_dir" ;; esac
  local storage attempt i
  storage="$(mktemp -d /tmp/pipelines-test-registry.XXXXXX)"
  echo "$storage" >"$REGISTRY_DIR_FILE"
  : >"$REGISTRY_LOG"
  for attempt in 1 2 3; do
    REGISTRY_PORT="$(pick_port)"
    cat >"$REGISTRY_CONF" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $storage
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  headers:
    X-Content-Type-Options: [nosniff]
EOF
    log "registry: starting on 127.0.0.1:$REGISTRY_PORT, storage $storage"
    # bash writes its own pid, then becomes the registry: the pidfile is exact.
    # shellcheck disable=SC2016
    setsid bash -c 'echo $$ >"$1"; exec /usr/bin/docker-registry serve "$2"' _ \
      "$REGISTRY_PID" "$REGISTRY_CONF" </dev/null >>"$REGISTRY_LOG" 2>&1 9>&- &
    for ((i = 0; i < 60; i++)); do
      if registry_answers "$REGISTRY_PORT"; then
        echo "$REGISTRY_PORT" >"$REGISTRY_PORT_FILE"
        return
      fi
      sleep 0.25
      [ "$i" -lt 4 ] || pid_alive "$REGISTRY_PID" docker-registry || break
    done
    stop_pid "$REGISTRY_PID" docker-registry 5
    log "registry: attempt $attempt on port $REGISTRY_PORT failed"
  done
  die_log "$REGISTRY_LOG" "the registry did not answer on http://127.0.0.1:$REGISTRY_PORT/v2/."
}

# ---- 4. base image (OCI layout), cached ---------------------------------------------------------
# Prints "URI<TAB>KEYRING" for the first apt source of $BASE_SUITE/main (deb822 and one-line).
apt_mirror() {
  local f
  {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      awk -v suite="$BASE_SUITE" '
        { sub(/#.*/, "") }
        $1 != "deb" { next }
        {
          i = 2; signed = ""
          if ($2 ~ /^\[/) {
            for (; i <= NF; i++) {
              if ($i ~ /signed-by=/) { s = $i; sub(/.*signed-by=/, "", s); sub(/\]$/, "", s); signed = s }
              if ($i ~ /\]$/) { i++; break }
            }
          }
          uri = $i; st = $(i + 1); main = 0
          for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
          if (st == suite && main) print uri "\t" signed
        }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      awk -v suite="$BASE_SUITE" '
        function flush() {
          if (index(" " types " ", " deb ") && enabled != "no" && index(" " suites " ", " " suite " ") &&
              index(" " comps " ", " main ")) {
            n = split(uris, u, " ")
            for (k = 1; k <= n; k++) print u[k] "\t" signed
          }
          types = uris = suites = comps = signed = cur = ""; enabled = "yes"
        }
        BEGIN { enabled = "yes" }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^[A-Za-z][A-Za-z0-9-]*:/ {
          cur = tolower(substr($0, 1, index($0, ":") - 1)); v = substr($0, index($0, ":") + 1)
          gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v)
          if (cur == "types") types = v; else if (cur == "uris") uris = v
          else if (cur == "suites") suites = v; else if (cur == "components") comps = v
          else if (cur == "enabled") enabled = tolower(v); else if (cur == "signed-by") signed = v
          next
        }
        { v = $0; gsub(/[ \t]+/, " ", v)
          if (cur == "uris") uris = uris " " v; else if (cur == "suites") suites = suites " " v
          else if (cur == "components") comps = comps " " v }
        END { flush() }' "$f"
    done
  } | awk -F'\t' '$1 ~ /^(https?|ftp|file):/ { print; exit }'
}

# Writes LAYOUT_DIR (a complete OCI layout) unless the cache already has it.
# Sets LAYOUT_DIR, RUNTIME_VERSION.
ensure_base() {
  local rtroot="$DOTNET_SRC/shared/Microsoft.NETCore.App"
  if [ ! -x "$DOTNET_SRC/dotnet" ] || [ ! -d "$rtroot" ]; then die "no .NET installation at $DOTNET_SRC."; fi
  local v
  RUNTIME_VERSION="$(for v in "$rtroot/$RUNTIME_BAND".*; do [ -d "$v" ] && basename "$v"; done |
    grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1 || true)"
  [ -n "$RUNTIME_VERSION" ] || die "no Microsoft.NETCore.App $RUNTIME_BAND.* runtime in $rtroot."
  local fxr
  fxr="$(for v in "$DOTNET_SRC"/host/fxr/*; do [ -d "$v" ] && basename "$v"; done | sort -V | tail -n 1 || true)"
  [ -n "$fxr" ] || die "no host/fxr in $DOTNET_SRC."
  local arch
  arch="$(dpkg --print-architecture)"
  local packages="ca-certificates,libssl3,zlib1g"
  [ "$BASE_ICU" = 1 ] && packages="$packages,libicu72"
  local os_key key
  os_key="$(printf '%s\n' "recipe=$RECIPE_VERSION" "suite=$BASE_SUITE" "arch=$arch" "packages=$packages" |
    sha256sum | cut -c1-16)"
  key="$(printf '%s\n' "os=$os_key" "runtime=$RUNTIME_VERSION" "fxr=$fxr" "icu=$BASE_ICU" |
    sha256sum | cut -c1-16)"
  LAYOUT_DIR="$CACHE_DIR/base-$key/layout"
  if [ -f "$CACHE_DIR/base-$key/complete" ] && [ -f "$LAYOUT_DIR/index.json" ]; then
    log "base: cached layout $LAYOUT_DIR"
    return
  fi

  mkdir -p "$CACHE_DIR/debs"
  local work
  work="$(mktemp -d "$CACHE_DIR/tmp.XXXXXX")"
  # shellcheck disable=SC2064
  trap "cleanup_work '$work'" EXIT

  # -- OS layer: debootstrap minbase, pruned (cached by os_key)
  local os_dir="$CACHE_DIR/os-$os_key"
  if [ ! -f "$os_dir/complete" ]; then
    local mirror_line mirror keyring
    mirror_line="${PIPELINES_TEST_DEBIAN_MIRROR:+${PIPELINES_TEST_DEBIAN_MIRROR}$'\t'}"
    [ -n "$mirror_line" ] || mirror_line="$(apt_mirror)"
    [ -n "$mirror_line" ] ||
      die "no '$BASE_SUITE main' deb source in /etc/apt/sources.list{,.d/*.list,.d/*.sources}; set PIPELINES_TEST_DEBIAN_MIRROR."
    mirror="${mirror_line%%$'\t'*}"
    keyring="${mirror_line#*$'\t'}"
    local -a kr=()
    [ -n "$keyring" ] && [ -f "$keyring" ] && kr=(--keyring="$keyring")
    log "base: debootstrap $BASE_SUITE ($packages) from the apt source"
    local root="$work/rootfs"
    debootstrap --variant=minbase --arch="$arch" --include="$packages" --components=main \
      --cache-dir="$CACHE_DIR/debs" "${kr[@]}" "$BASE_SUITE" "$root" "$mirror" >>"$UP_LOG" 2>&1 ||
      die_log "$UP_LOG" "debootstrap failed (see $UP_LOG; the apt source was taken from this machine's apt config)."
    unmount_under "$root"
    prune_rootfs "$root"
    rm -rf "$os_dir" && mkdir -p "$os_dir"
    make_layer "$root" "$os_dir"
    # Record what is in the image, for whoever wonders.
    # shellcheck disable=SC2016
    chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' >"$os_dir/packages.txt" 2>/dev/null || true
    touch "$os_dir/complete"
    rm -rf --one-file-system "$root"
  fi

  # -- runtime layer: the installed .NET host + Microsoft.NETCore.App
  log "base: runtime layer .NET $RUNTIME_VERSION (hostfxr $fxr)"
  local rt="$work/runtime" rt_dir="$work/runtime-layer"
  mkdir -p "$rt/usr/share/dotnet/shared/Microsoft.NETCore.App" "$rt/usr/share/dotnet/host/fxr" "$rt/usr/bin" "$rt_dir"
  cp -a "$DOTNET_SRC/dotnet" "$rt/usr/share/dotnet/"
  cp -a "$DOTNET_SRC"/LICENSE.txt "$DOTNET_SRC"/ThirdPartyNotices.txt "$rt/usr/share/dotnet/" 2>/dev/null || true
  cp -a "$DOTNET_SRC/host/fxr/$fxr" "$rt/usr/share/dotnet/host/fxr/"
  cp -a "$rtroot/$RUNTIME_VERSION" "$rt/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  ln -s ../share/dotnet/dotnet "$rt/usr/bin/dotnet"
  chmod 755 "$rt" "$rt/usr" "$rt/usr/share" "$rt/usr/bin"
  make_layer "$rt" "$rt_dir"

  # -- assemble the layout: blobs, config, manifest, index, oci-layout, docker-load manifest.json
  local out="$CACHE_DIR/base-$key"
  rm -rf "$out" && mkdir -p "$LAYOUT_DIR/blobs/sha256"
  local l
  for l in "$os_dir" "$rt_dir"; do
    cp "$l/layer.tar.gz" "$LAYOUT_DIR/blobs/sha256/$(cat "$l/digest")"
  done
  local env_json
  env_json='["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","DOTNET_ROOT=/usr/share/dotnet"'
  [ "$BASE_ICU" = 1 ] || env_json="$env_json"',"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"'
  env_json="$env_json]"
  local config
  config="$(jq -cn --arg arch "$arch" --argjson env "$env_json" \
    --arg d1 "sha256:$(cat "$os_dir/diffid")" --arg d2 "sha256:$(cat "$rt_dir/diffid")" \
    --arg h1 "debootstrap --variant=minbase $BASE_SUITE ($packages)" \
    --arg h2 ".NET host $fxr + Microsoft.NETCore.App $RUNTIME_VERSION in /usr/share/dotnet" \
    '{created: "1970-01-01T00:00:00Z", architecture: $arch, os: "linux",
      config: {User: "", Env: $env},
      rootfs: {type: "layers", diff_ids: [$d1, $d2]},
      history: [{created: "1970-01-01T00:00:00Z", created_by: $h1},
                {created: "1970-01-01T00:00:00Z", created_by: $h2}]}')"
  local config_digest
  config_digest="$(put_blob "$config")"
  local manifest
  manifest="$(jq -cn \
    --arg cd "sha256:$config_digest" --argjson cs "$(printf '%s' "$config" | wc -c)" \
    --arg l1 "sha256:$(cat "$os_dir/digest")" --argjson s1 "$(stat -c %s "$os_dir/layer.tar.gz")" \
    --arg l2 "sha256:$(cat "$rt_dir/digest")" --argjson s2 "$(stat -c %s "$rt_dir/layer.tar.gz")" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
      layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l1, size: $s1},
               {mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l2, size: $s2}]}')"
  local manifest_digest
  manifest_digest="$(put_blob "$manifest")"
  jq -cn --arg md "sha256:$manifest_digest" --argjson ms "$(printf '%s' "$manifest" | wc -c)" \
    --arg tag "$BASE_TAG" --arg name "$BASE_IMAGE" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms,
                   annotations: {"io.containerd.image.name": $name, "org.opencontainers.image.ref.name": $tag}}]}' |
    tr -d '\n' >"$LAYOUT_DIR/index.json"
  printf '%s' '{"imageLayoutVersion":"1.0.0"}' >"$LAYOUT_DIR/oci-layout"
  # The legacy docker-load manifest, pointing into blobs/ (an OCI layout with it is a "hybrid").
  jq -cn --arg c "blobs/sha256/$config_digest" --arg tag "$BASE_IMAGE" \
    --arg l1 "blobs/sha256/$(cat "$os_dir/digest")" --arg l2 "blobs/sha256/$(cat "$rt_dir/digest")" \
    '[{Config: $c, RepoTags: [$tag], Layers: [$l1, $l2]}]' | tr -d '\n' >"$LAYOUT_DIR/manifest.json"
  cp "$os_dir/packages.txt" "$out/packages.txt" 2>/dev/null || true
  touch "$out/complete"
  # Older layouts (another runtime version) are left for a manual clean-up; see README.md.
  trap - EXIT
  cleanup_work "$work"
  log "base: built $LAYOUT_DIR (manifest sha256:$manifest_digest)"
}

# put_blob CONTENT: writes CONTENT (no trailing newline) into the layout's blobs; prints its hex.
put_blob() {
  local tmp hex
  tmp="$(mktemp "$LAYOUT_DIR/blobs/sha256/.tmp.XXXXXX")"
  printf '%s' "$1" >"$tmp"
  hex="$(sha256sum "$tmp" | cut -d' ' -f1)"
  mv "$tmp" "$LAYOUT_DIR/blobs/sha256/$hex"
  chmod 644 "$LAYOUT_DIR/blobs/sha256/$hex"
  echo "$hex"
}

# make_layer DIR OUT: deterministic tar of DIR's contents -> OUT/layer.tar.gz, OUT/diffid, OUT/digest
make_layer() {
  local dir="$1" out="$2"
  (cd "$dir" && find . -mindepth 1 -printf '%P\0' | LC_ALL=C sort -z) >"$out/files"
  tar -C "$dir" --no-recursion --null -T "$out/files" -cf "$out/layer.tar" \
    --format=gnu --sort=none --mtime=@0 --owner=0 --group=0 --numeric-owner
  sha256sum "$out/layer.tar" | cut -d' ' -f1 >"$out/diffid"
  gzip -n -6 -c "$out/layer.tar" >"$out/layer.tar.gz"
  sha256sum "$out/layer.tar.gz" | cut -d' ' -f1 >"$out/digest"
  stat -c %s "$out/layer.tar" >"$out/size.uncompressed"
  rm -f "$out/layer.tar" "$out/files"
}

unmount_under() {
  # deepest first
  awk -v r="$1" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

cleanup_work() {
  [ -d "$1" ] || return 0
  unmount_under "$1"
  rm -rf --one-file-system "$1"
}

prune_rootfs() {
  local r="$1"
  # Caches, lists, logs, docs (copyright files kept), man/info pages, translations.
  rm -rf "$r"/var/cache/apt/* "$r"/var/lib/apt/lists/* "$r"/var/cache/debconf/*-old \
    "$r"/var/lib/dpkg/*-old "$r"/var/log/* "$r"/tmp/* "$r"/var/tmp/* \
    "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/* \
    "$r"/usr/share/lintian "$r"/usr/share/linda "$r"/var/cache/man
  find "$r/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  # Host-specific files that the engine provides at run time; device nodes do not belong in a layer.
  rm -f "$r"/etc/resolv.conf "$r"/etc/hostname "$r"/etc/hosts "$r"/etc/machine-id
  rm -rf "${r:?}"/dev/* "${r:?}"/proc/* "${r:?}"/sys/* "${r:?}"/run/*
  # The mirror is this machine's; an image runs with no network anyway.
  : >"$r"/etc/apt/sources.list
}

# ---- 5. load into the engine, push to the registry, check --------------------------------------
manifest_hex() { jq -r '.manifests[0].digest' "$LAYOUT_DIR/index.json" | sed 's/^sha256://'; }

ensure_loaded() {
  local want have
  want="$(jq -r '.config.digest' "$LAYOUT_DIR/blobs/sha256/$(manifest_hex)")"
  have="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true)"
  if [ "$have" = "$want" ]; then
    log "engine: $BASE_IMAGE already loaded ($want)"
    return
  fi
  log "engine: docker load $BASE_IMAGE"
  tar -C "$LAYOUT_DIR" -cf - oci-layout index.json manifest.json blobs |
    docker load -q >>"$UP_LOG" 2>&1 || die_log "$UP_LOG" "docker load of $LAYOUT_DIR failed."
  local old="$have"
  have="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true)"
  [ "$have" = "$want" ] || die "after docker load, $BASE_IMAGE is '$have', expected $want."
  # The image this tag had before (an older base) is now untagged: drop it unless it is in use.
  [ -z "$old" ] || docker image rm "$old" >>"$UP_LOG" 2>&1 || true
}

# Pushes the layout's exact bytes (so the registry digest is the layout's) with the plain v2 API.
ensure_pushed() {
  local reg="http://127.0.0.1:$REGISTRY_PORT" repo="$BASE_REPO" mhex have
  mhex="$(manifest_hex)"
  have="$(curl -sf -I --max-time 10 -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "$reg/v2/$repo/manifests/$BASE_TAG" | tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" { print $2 }')" || true
  if [ "$have" = "sha256:$mhex" ]; then
    log "registry: $repo:$BASE_TAG already at sha256:$mhex"
    return
  fi
  local m="$LAYOUT_DIR/blobs/sha256/$mhex" d loc
  for d in $(jq -r '.config.digest, .layers[].digest' "$m"); do
    if curl -sf -I -o /dev/null --max-time 10 "$reg/v2/$repo/blobs/$d"; then continue; fi
    loc="$(curl -sf -X POST -D - -o /dev/null --max-time 10 "$reg/v2/$repo/blobs/uploads/" |
      tr -d '\r' | awk -F': ' 'tolower($1) == "location" { print $2 }')" ||
      die_log "$REGISTRY_LOG" "registry refused an upload session for $repo."
    case "$loc" in /*) loc="$reg$loc" ;; esac
    case "$loc" in *\?*) loc="$loc&digest=$d" ;; *) loc="$loc?digest=$d" ;; esac
    curl -sf -X PUT -o /dev/null --max-time 300 -H 'Content-Type: application/octet-stream' \
      --data-binary "@$LAYOUT_DIR/blobs/sha256/${d#sha256:}" "$loc" ||
      die_log "$REGISTRY_LOG" "upload of blob $d to $repo failed."
  done
  local ref
  for ref in "sha256:$mhex" "$BASE_TAG"; do
    curl -sf -X PUT -o /dev/null --max-time 30 -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
      --data-binary "@$m" "$reg/v2/$repo/manifests/$ref" ||
      die_log "$REGISTRY_LOG" "manifest PUT $repo:$ref failed."
  done
  log "registry: pushed $repo:$BASE_TAG (sha256:$mhex)"
}

verify_run() {
  local out
  out="$(timeout 120 docker run --rm --network none "$BASE_IMAGE" dotnet --list-runtimes 2>&1)" ||
    die "docker run --network none $BASE_IMAGE dotnet --list-runtimes failed: $out"
  grep -q "^Microsoft.NETCore.App $RUNTIME_VERSION " <<<"$out" ||
    die "the base image does not list Microsoft.NETCore.App $RUNTIME_VERSION: $out"
}

write_env() {
  local mhex reg="127.0.0.1:$REGISTRY_PORT" tmp
  mhex="$(manifest_hex)"
  tmp="$(mktemp "$STATE_DIR/.env.XXXXXX")"
  {
    echo "# Written by build/test-env/up.sh; removed by down.sh. Source it: . $ENV_FILE"
    printf 'export DOCKER_HOST=%q\n' "$DOCKER_HOST_USED"
    printf 'export PIPELINES_TEST_REGISTRY=%q\n' "$reg"
    printf 'export PIPELINES_TEST_BASE_LAYOUT=%q\n' "$LAYOUT_DIR"
    printf 'export PIPELINES_TEST_BASE_IMAGE=%q\n' "$BASE_IMAGE"
    printf 'export PIPELINES_TEST_BASE_REGISTRY_IMAGE=%q\n' "$reg/$BASE_IMAGE"
    printf 'export PIPELINES_TEST_BASE_DIGEST=%q\n' "sha256:$mhex"
    printf 'export PIPELINES_TEST_BASE_REGISTRY_REF=%q\n' "$reg/$BASE_REPO@sha256:$mhex"
    printf 'export PIPELINES_TEST_DOTNET_RUNTIME=%q\n' "$RUNTIME_VERSION"
  } >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$ENV_FILE"
  ln -sfn "$ENV_FILE" "$ENV_LINK" 2>/dev/null || true
}

ensure_packages
ensure_docker
export DOCKER_HOST="$DOCKER_HOST_USED"
ensure_registry
ensure_base
ensure_loaded
ensure_pushed
verify_run
write_env
echo "test-env up. Use it with:  source $ENV_FILE"
