#!/usr/bin/env bash
# Image benchmark (issue 3 item 9), in one run, on the same sample (samples/ChurnPrediction) and
# the same base image (build/test-env's): our `dotnet build`, which builds all N component images,
# against the .NET SDK's `dotnet publish -t:PublishContainer` of the same app into an archive (ONE
# image). Scenarios: cold (clean bin/obj and an empty image cache), no-op rebuild, one-line change
# in a component source file. Prints medians, ratios, bytes stored and whether the issue's targets
# are met.  Usage: build/bench-images.sh [runs]   (default 3)
#
# Variants (each in its own copy of the sample, so their bin/obj never mix):
#   ours         Pipelines.Sdk `dotnet build`, base = the test base's OCI layout (oci:<dir>)
#   ours-reg     the same, base = the test base in the local registry (what the SDK uses)
#   ours-arch    ours + -p:PipelineImageArchive=true (N docker archives as well)
#   ours-noimg   Pipelines.Sdk with -p:PipelineBuildImages=false (YAML only, no images)
#   plain        the same code as a plain Microsoft.NET.Sdk Exe (generated sources as files), `dotnet build`
#   sdk          that plain project, `dotnet publish -c Debug -t:PublishContainer` into an archive,
#                ContainerBaseImage = the test base in the local registry
# Every command is timed whole. Warm scenarios run with --no-restore (all variants alike); cold
# ones restore (from the local package folder) like a first build does. Build servers: MSBuild node
# reuse and the MSBuild server are off (as in bench-build.sh); the compiler server is whatever the
# environment says (UseSharedCompilation), the same for every variant, and printed; e.g.
# `UseSharedCompilation=true build/bench-images.sh` measures with it on.
# Needs root for build/test-env/up.sh (sudo otherwise); stops the test environment at the end only
# if it was not up before.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
# shellcheck source=build/bench-common.sh
. "$root/build/bench-common.sh"
project=ChurnPrediction.Pipeline
variants=(ours ours-reg ours-arch ours-noimg plain sdk)

# ---- environment: registry + base image (leave it running if it was up before us) -------------
state="${PIPELINES_TEST_STATE:-/run/pipelines-test}"
sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo -E)
was_up=0; [ -f "$state/env" ] && was_up=1
"${sudo[@]}" bash "$root/build/test-env/up.sh" >/dev/null
# shellcheck disable=SC1091
. "$state/env"
# The SDK's container tooling needs this for an http registry at 127.0.0.1:<port> (';'-separated).
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$PIPELINES_TEST_REGISTRY"

work="$(mktemp -d /tmp/pipelines-bench-images-XXXXXX)"
cleanup() {
  rm -rf "$work"
  if [ "$was_up" = 0 ]; then "${sudo[@]}" bash "$root/build/test-env/down.sh" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

echo "packing the SDK (build/pack-dev.sh)..."
"$root/build/pack-dev.sh" >/dev/null

make_workspace() { # $1 = dir
  bench_workspace_config "$1"
  (cd "$root/samples" && tar --exclude=bin --exclude=obj -cf - ChurnPrediction) | (cd "$1" && tar -xf -)
}
dir_of() { echo "$work/$1/ChurnPrediction"; }
for v in "${variants[@]}"; do make_workspace "$work/$v"; done

# ---- helpers ------------------------------------------------------------------------------------
T=0
timed() { # $1 = log file, rest = command; sets T (seconds); stops the script if the command fails
  local log="$1"; shift
  local s e
  s=$(date +%s.%N)
  if ! "$@" >"$log" 2>&1; then
    echo "FAILED: $*" >&2; tail -40 "$log" >&2; exit 1
  fi
  e=$(date +%s.%N)
  T=$(python3 -c "print(f'{$e-$s:.3f}')")
}
median() { bench_median "$@"; }
ratio() { bench_ratio "$@"; }
component_file() { grep -l '\[Component' "$1/$project"/*.cs | sort | head -1 || true; }
clean_tree() { find "$1" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +; }
blob_bytes() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
mib() { python3 -c "import sys; print(f'{int(sys.argv[1])/1048576:.1f}')" "$1"; }

layout_of() { echo "$(dir_of "$1")/$project/bin/Debug/net10.0/images"; }
archives_of() { echo "$(dir_of "$1")/$project/bin/Debug/net10.0/image-archives"; }
sdk_archive_dir="$work/sdk-archive"
cache_of() { echo "$work/cache-$1"; }       # our image cache (PipelineImageCacheDirectory) / the SDK's XDG_CACHE_HOME

# The command of each variant; $1 = variant, $2 = extra args (e.g. --no-restore)
run_variant() {
  local v="$1"; shift
  local d; d="$(dir_of "$v")"
  case "$v" in
    ours)       dotnet build "$d/$project" "$@" -nologo -v:q -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" -p:PipelineImageCacheDirectory="$(cache_of "$v")" ;;
    ours-reg)   dotnet build "$d/$project" "$@" -nologo -v:q -p:PipelineBaseImage="$PIPELINES_TEST_BASE_REGISTRY_IMAGE" -p:PipelineImageCacheDirectory="$(cache_of "$v")" ;;
    ours-arch)  dotnet build "$d/$project" "$@" -nologo -v:q -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" -p:PipelineImageCacheDirectory="$(cache_of "$v")" -p:PipelineImageArchive=true ;;
    ours-noimg) dotnet build "$d/$project" "$@" -nologo -v:q -p:PipelineBuildImages=false ;;
    plain)      dotnet build "$d/$project" "$@" -nologo -v:q ;;
    sdk)        XDG_CACHE_HOME="$(cache_of "$v")" dotnet publish "$d/$project" -c Debug -t:PublishContainer "$@" -nologo -v:q \
                  -p:ContainerBaseImage="$PIPELINES_TEST_BASE_REGISTRY_IMAGE" -p:ContainerArchiveOutputPath="$sdk_archive_dir/" \
                  -p:ContainerRepository=churn-prediction ;;
  esac
}

# ---- set-up: restore everything once, make the plain copy ---------------------------------------
echo "warming up (restore + first build; the plain copy gets the generator's output as files)..."
timed "$work/warm-ours.log" dotnet build "$(dir_of ours-noimg)/$project" -p:EmitCompilerGeneratedFiles=true -p:PipelineBuildImages=false -nologo -v:q
gen="$(dir_of ours-noimg)/$project/obj/Debug/net10.0/generated/Pipelines.Sdk.Generators"
for v in plain sdk; do
  bench_make_plain "$gen" "$(dir_of "$v")/$project/$project.csproj"
done
for v in "${variants[@]}"; do timed "$work/warm-$v.log" run_variant "$v"; done

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
# ---- the runs -----------------------------------------------------------------------------------
declare -A times  # "<variant> <scenario>" -> space-separated seconds
declare -A cold_bytes_layout cold_bytes_archives
n_images=0
layout_digest() { sha256sum "$(layout_of "$1")/index.json" | cut -c1-64; }
noop_stable=yes; change_differs=yes
declare -A before
# Scenario-major: in each run every variant does its cold build, then every variant its no-op, then
# every variant its one-line change, the variants' order rotating from run to run, so that the
# variants compared in a scenario run close together in time (other load on the machine hits them alike).
for i in $(seq "$runs"); do
  echo "run $i/$runs..."
  k=$(( (i - 1) % ${#variants[@]} )); order=("${variants[@]:k}" "${variants[@]:0:k}")
  for v in "${order[@]}"; do
    d="$(dir_of "$v")"
    # cold: no bin/obj, empty image cache (ours: PipelineImageCacheDirectory; the SDK: its content store)
    clean_tree "$d"; rm -rf "$(cache_of "$v")"; [ "$v" != sdk ] || rm -rf "$sdk_archive_dir"
    timed "$work/$v-cold-$i.log" run_variant "$v"; times["$v cold"]+="$T "
    case "$v" in
      ours|ours-reg|ours-arch)
        cold_bytes_layout[$v]=$(blob_bytes "$(layout_of "$v")/blobs")
        n_images=$(jq '.manifests | length' "$(layout_of "$v")/index.json")
        before[$v]=$(layout_digest "$v") ;;
    esac
    [ "$v" != ours-arch ] || cold_bytes_archives[$v]=$(blob_bytes "$(archives_of "$v")")
    [ "$v" != sdk ] || cold_bytes_archives[sdk]=$(blob_bytes "$sdk_archive_dir")
  done
  for v in "${order[@]}"; do # no-op rebuild
    timed "$work/$v-noop-$i.log" run_variant "$v" --no-restore; times["$v noop"]+="$T "
    if [ -n "${before[$v]:-}" ] && [ "${before[$v]}" != "$(layout_digest "$v")" ]; then noop_stable="NO ($v)"; fi
  done
  for v in "${order[@]}"; do # one-line change in a component source file
    echo "// benchmark edit $i" >> "$(component_file "$(dir_of "$v")")"
    timed "$work/$v-change-$i.log" run_variant "$v" --no-restore; times["$v change"]+="$T "
    if [ -n "${before[$v]:-}" ] && [ "${before[$v]}" = "$(layout_digest "$v")" ]; then change_differs="NO ($v)"; fi
  done
done

declare -A med low
for v in "${variants[@]}"; do for s in cold noop change; do
  # shellcheck disable=SC2086
  med["$v $s"]=$(median ${times["$v $s"]})
  # shellcheck disable=SC2086
  low["$v $s"]=$(printf '%s\n' ${times["$v $s"]} | sort -g | head -1)
done; done

# ---- bytes --------------------------------------------------------------------------------------
base_bytes=$(blob_bytes "$PIPELINES_TEST_BASE_LAYOUT/blobs")
# One app's bytes: one of our component images minus the base (its own layers + config + manifest).
app_bytes=$(python3 - "$(layout_of ours)" "$PIPELINES_TEST_BASE_LAYOUT" <<'PY'
import json, os, sys
layout, base = sys.argv[1:]
def blob(root, d): return os.path.join(root, "blobs", *d.split(":", 1))
base_blobs = set(os.listdir(os.path.join(base, "blobs", "sha256")))
m = json.load(open(os.path.join(layout, "index.json")))["manifests"][0]
manifest = json.load(open(blob(layout, m["digest"])))
own = [l for l in manifest["layers"] if l["digest"].split(":", 1)[1] not in base_blobs]
print(sum(l["size"] for l in own) + manifest["config"]["size"] + m["size"])
PY
)
sdk_one=${cold_bytes_archives[sdk]}
ours_layout=${cold_bytes_layout[ours]}
target_bytes=$(python3 -c "print(int($base_bytes + 1.1 * $app_bytes))")
sdk_app=$((sdk_one - base_bytes))
ours_layout_after=$(blob_bytes "$(layout_of ours)/blobs")

# ---- where the time goes: one more cold build and one-line change of `ours` and `sdk` ------------
perf() { # $1 = variant, $2 = cold|change -> "total restore compile image yaml" (ms)
  local v="$1" d; d="$(dir_of "$v")"
  local -a args=(-clp:PerformanceSummary)
  if [ "$2" = cold ]; then
    clean_tree "$d"; rm -rf "$(cache_of "$v")"; [ "$v" != sdk ] || rm -rf "$sdk_archive_dir"
  else
    echo "// benchmark edit perf" >> "$(component_file "$d")"; args+=(--no-restore)
  fi
  timed "$work/$v-perf-$2.log" run_variant "$v" "${args[@]}"
  python3 - "$work/$v-perf-$2.log" "$T" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def table(title):
    block = text.split(title, 1)[1] if title in text else ""
    block = re.split(r"\n\S", block, 1)[0]
    return {name: int(ms) for ms, name in re.findall(r"^\s+([0-9]+) ms\s+(\S+)\s+[0-9]+ calls", block, re.M)}
targets, tasks = table("Target Performance Summary:"), table("Task Performance Summary:")
total = round(float(sys.argv[2]) * 1000)
restore = targets.get("Restore", 0) + targets.get("_GenerateRestoreGraph", 0)
image = tasks.get("BuildComponentImages", 0) + tasks.get("CreateNewImage", 0)
print(total, restore, targets.get("CoreCompile", 0), image, targets.get("PipelinesGenerateYaml", 0))
PY
}
declare -A perf_ms
for v in ours sdk; do for s in cold change; do perf_ms["$v $s"]="$(perf "$v" "$s")"; done; done

# ---- report -------------------------------------------------------------------------------------
N=$n_images
label() { case "$1" in cold) echo cold;; noop) echo "no-op rebuild";; change) echo "one-line change";; esac; }
echo
echo "Images benchmark: samples/ChurnPrediction, $N component images (ours) vs 1 image (.NET SDK), base $PIPELINES_TEST_BASE_REGISTRY_IMAGE"
echo "seconds, median of $runs runs (each: cold, then no-op, then one-line change); compiler server: $([ "${UseSharedCompilation:-}" = false ] && echo "off (UseSharedCompilation=false)" || echo on); load average at start: $load_start"
printf '%-16s %9s %9s %9s %9s %9s %11s | %9s %9s\n' scenario ours ours-reg ours-arch ours-noimg plain "SDK(1 img)" "ours/SDK" "ours/plain"
for s in cold noop change; do
  printf '%-16s' "$(label $s)"
  for v in "${variants[@]}"; do printf ' %8ss' "${med["$v $s"]}"; done
  printf '   | %8sx %8sx\n' "$(ratio "${med["ours $s"]}" "${med["sdk $s"]}")" "$(ratio "${med["ours $s"]}" "${med["plain $s"]}")"
done
echo "fastest of the $runs runs (other load only ever adds time):"
for s in cold noop change; do
  printf '%-16s' "$(label $s)"
  for v in "${variants[@]}"; do printf ' %8ss' "${low["$v $s"]}"; done
  printf '   | %8sx %8sx\n' "$(ratio "${low["ours $s"]}" "${low["sdk $s"]}")" "$(ratio "${low["ours $s"]}" "${low["plain $s"]}")"
done
echo "runs:"
for s in cold noop change; do
  for v in "${variants[@]}"; do printf '  %-6s %-10s %s\n' "$s" "$v" "${times["$v $s"]}"; done
done
echo
echo "ratios, ours (all $N images, OCI layout base) / SDK (one image); last column: ours / ($N x SDK), i.e. one SDK publish per component:"
for s in cold noop change; do printf '  %-16s %sx   (ours-reg %sx, ours-arch %sx)   per-component publishes: %sx\n' "$(label $s)" \
  "$(ratio "${med["ours $s"]}" "${med["sdk $s"]}")" "$(ratio "${med["ours-reg $s"]}" "${med["sdk $s"]}")" "$(ratio "${med["ours-arch $s"]}" "${med["sdk $s"]}")" \
  "$(python3 -c "print(f'{${med["ours $s"]}/($N*${med["sdk $s"]}):.2f}')")"; done
echo
echo "bytes stored (after a cold build):"
printf '  %-52s %12s B  %7s MiB\n' "base image (layers + config + manifest)" "$base_bytes" "$(mib "$base_bytes")"
printf '  %-52s %12s B  %7s MiB\n' "one app (one of our images minus the base)" "$app_bytes" "$(mib "$app_bytes")"
printf '  %-52s %12s B  %7s MiB\n' "ours: OCI layout blobs, $N images" "$ours_layout" "$(mib "$ours_layout")"
printf '  %-52s %12s B  %7s MiB\n' "ours-reg: OCI layout blobs, $N images" "${cold_bytes_layout[ours-reg]}" "$(mib "${cold_bytes_layout[ours-reg]}")"
printf '  %-52s %12s B  %7s MiB\n' "ours-arch: $N docker archives (besides the layout)" "${cold_bytes_archives[ours-arch]}" "$(mib "${cold_bytes_archives[ours-arch]}")"
printf '  %-52s %12s B  %7s MiB\n' "SDK: one archive (its app layer ~ archive - base: $(mib "$sdk_app") MiB)" "$sdk_one" "$(mib "$sdk_one")"
printf '  %-52s %12s B  %7s MiB\n' "SDK: $N archives (one publish per component)" "$((N * sdk_one))" "$(mib $((N * sdk_one)))"
printf '  %-52s %12s B  %7s MiB\n' "target: base + 1.1 x one app" "$target_bytes" "$(mib "$target_bytes")"
printf '  %-52s %12s B  %7s MiB\n' "ours layout after all runs (old blobs kept)" "$ours_layout_after" "$(mib "$ours_layout_after")"
echo "  bytes ours / ($N x SDK) = $(ratio "$ours_layout" $((N * sdk_one)))x;  ours / (base + 1.1 x app) = $(ratio "$ours_layout" "$target_bytes")x"
echo
echo "where the time goes (one extra build each, -clp:PerformanceSummary; ms, summed over both projects):"
printf '  %-34s %8s %8s %12s %12s %10s %8s\n' build total restore CoreCompile "image task" "YAML step" other
for v in ours sdk; do for s in cold change; do
  read -r total restore compile image yaml <<<"${perf_ms["$v $s"]}"
  printf '  %-34s %8s %8s %12s %12s %10s %8s\n' "$([ $v = ours ] && echo "ours ($N images)" || echo "SDK (1 image)") $(label $s)" \
    "$total" "$restore" "$compile" "$image" "$yaml" "$((total - restore - compile - image - yaml))"
done; done
echo "  (image task: BuildComponentImages for ours, CreateNewImage for the SDK; YAML step: PipelinesGenerateYaml)"
for s in cold change; do
  read -r _ _ _ oi _ <<<"${perf_ms["ours $s"]}"; read -r _ _ _ si _ <<<"${perf_ms["sdk $s"]}"
  echo "  image task alone, ours ($N images) / SDK (1 image), $(label $s): $(ratio "$oi" "$si")x"
done
echo "  ours' layout unchanged by a no-op rebuild: $noop_stable; changed by the one-line change: $change_differs"
echo
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo "MET"; else echo "NOT MET"; fi; }
echo "targets (issue 3), on the medians (fastest runs in brackets):"
echo "  all $N images in under half the SDK's time for one, cold:            $(ratio "${med["ours cold"]}" "${med["sdk cold"]}")x [$(ratio "${low["ours cold"]}" "${low["sdk cold"]}")x] -> $(verdict "${med["ours cold"]} < 0.5 * ${med["sdk cold"]}")"
echo "  all $N images in under half the SDK's time for one, one-line change: $(ratio "${med["ours change"]}" "${med["sdk change"]}")x [$(ratio "${low["ours change"]}" "${low["sdk change"]}")x] -> $(verdict "${med["ours change"]} < 0.5 * ${med["sdk change"]}")"
echo "  no-op rebuild within 10% of a plain Microsoft.NET.Sdk build:          $(ratio "${med["ours noop"]}" "${med["plain noop"]}")x [$(ratio "${low["ours noop"]}" "${low["plain noop"]}")x] -> $(verdict "${med["ours noop"]} <= 1.1 * ${med["plain noop"]}")"
echo "  $N images stored in at most base + 1.1 x one app's bytes:             $(ratio "$ours_layout" "$target_bytes")x -> $(verdict "$ours_layout <= $target_bytes")"
