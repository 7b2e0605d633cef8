#!/usr/bin/env bash
# Scale benchmark (issue 10, "Cost that follows the change"): a generated project with N components
# (one file each, all calling a helper library) and two pipelines (a chain over the first half, a
# fan-out over the second), built with Pipelines.Sdk and, as the reference, the same code on plain
# Microsoft.NET.Sdk (the generator's output as ordinary files, as bench-build.sh does).
# Scenarios: no-op rebuild (--no-restore, and as a bare `dotnet build` does it, restore included),
# a one-line change in one component's body (a constant it computes
# with, so its IL and its fingerprint change), and a build from clean (no bin/obj, empty image
# cache, restore included). Variants alternate run by run (ABAB…, the order rotating), so drift on
# the shared machine hits each alike.
# Prints per N and scenario: medians and spread (min-max) of whole commands, the ratio to plain
# (the no-op target: <= 1.05x), each post-compile step's time (-clp:PerformanceSummary, medians) and
# how it grows with N, how many images the image step built, reused and pushed, and our image step
# (N images) against the .NET SDK's own container tooling making ONE image of the same app.
#
# Usage: build/bench-scale.sh [N list] [runs]        e.g. build/bench-scale.sh "10 50 200 500" 3
#   default: "10 50" and 3 runs (affordable on 2 shared cores; N = 500 takes minutes per variant).
#   VARIANTS="plain yaml images push publish" picks variants (default "plain yaml images publish"):
#     plain   Microsoft.NET.Sdk, generated sources as files
#     compile Pipelines.Sdk with no step after compiling (PipelinesGenerateYaml=false, PipelineBuildImages=false): what
#             evaluating the SDK, its generator and its analyzers cost, the floor under every other variant
#     yaml    Pipelines.Sdk, PipelineBuildImages=false (YAML only)
#     images  Pipelines.Sdk, images into the OCI layout (base: build/test-env's OCI layout)
#     pkgref  images, with the SDK as a PackageReference of a Microsoft.NET.Sdk project instead of <Project Sdk=...>
#             (no SDK resolved through NuGet in each evaluation)
#     push    images, and pushed to build/test-env's registry (PipelineRegistry)
#     publish the plain project, `dotnet publish -c Debug -t:PublishContainer`: ONE image of the app,
#             into an archive (ContainerArchiveOutputPath: a file on disk, no daemon, no registry; the
#             closest to our default, an OCI layout on disk), base = build/test-env's base image in
#             its loopback registry (ContainerBaseImage takes only a registry reference). No no-op
#             scenario: PublishContainer makes its image on every run.
#   SCENARIOS="noop restore change cold" picks scenarios (default: all four; restore = the no-op rebuild
#     without --no-restore).
#   The compiler server is whatever the environment says: `UseSharedCompilation=false` turns it off for all.
#   MSBUILD_SERVER=1 runs every variant's builds through the MSBuild server (DOTNET_CLI_USE_MSBUILD_SERVER=1, node reuse on):
#     MSBuild, and the build tasks it loaded, stay in one process between builds, so they run warm (JIT done, assemblies
#     loaded). Off by default, as in `dotnet build`; the CPU column then leaves the server's CPU out (not a child process).
#   KEEP=1 keeps the generated projects (the folder is printed first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=build/bench-common.sh
. "$root/build/bench-common.sh"
sizes="${1:-10 50}"
runs="${2:-3}"
read -r -a variants <<<"${VARIANTS:-plain yaml images publish}"
read -r -a scenarios <<<"${SCENARIOS:-noop restore change cold}"

"$root/build/pack-dev.sh" >/dev/null
# shellcheck disable=SC1091
. /run/pipelines-test/env
# The SDK's container tooling talks http only to registries listed here (';'-separated).
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$PIPELINES_TEST_REGISTRY"
work="$(mktemp -d /tmp/pipelines-bench-scale-XXXXXX)"
# KEEP=1 keeps the generated projects for a closer look (-v:n shows each step's own timings).
cleanup() {
  [ "${MSBUILD_SERVER:-0}" != 1 ] || dotnet build-server shutdown --msbuild >/dev/null 2>&1 || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
if [ "${KEEP:-0}" = 1 ]; then echo "work folder (kept): $work"; fi
if [ "${MSBUILD_SERVER:-0}" = 1 ]; then export DOTNET_CLI_USE_MSBUILD_SERVER=1 MSBUILDDISABLENODEREUSE=0; fi

# ---- the generated project ---------------------------------------------------------------------
# $1 = folder, $2 = N. Helpers/ (class library) and App/ (Pipelines.Sdk): Steps/StepNNN.cs, Pipelines.cs.
generate() {
  local dir="$1" n="$2" half=$(( $2 / 2 ))
  mkdir -p "$dir/Helpers" "$dir/App/Steps"
  cat > "$dir/Helpers/Helpers.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
  cat > "$dir/Helpers/Mix.cs" <<'CS'
namespace Bench.Helpers;

public static class Mix
{
    public static int Apply(int x, int k) => unchecked(x * 31 + k);
}
CS
  cat > "$dir/App/App.csproj" <<'XML'
<Project Sdk="Pipelines.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><ProjectReference Include="../Helpers/Helpers.csproj" /></ItemGroup>
</Project>
XML
  local i
  for i in $(seq -f '%03g' 0 $(( n - 1 ))); do
    cat > "$dir/App/Steps/Step$i.cs" <<CS
using Bench.Helpers;

public static class Steps$i
{
    [Component]
    public static int Step$i(int x)
    {
        int k = $((10#$i)); // benchmark edit
        return Mix.Apply(x, k);
    }
}
CS
  done
  {
    echo "public static class BenchPipelines"
    echo "{"
    echo "    [Pipeline(Name = \"chain\")]"
    echo "    public static void Chain(PipelineBuilder p)"
    echo "    {"
    echo "        Value<int> v = Steps000Tasks.Step000(x: 0).Output;"
    for i in $(seq -f '%03g' 1 $(( half - 1 ))); do echo "        v = Steps${i}Tasks.Step$i(x: v).Output;"; done
    echo "    }"
    echo
    echo "    [Pipeline(Name = \"fanout\")]"
    echo "    public static void Fanout(PipelineBuilder p, Param<int> seed)"
    echo "    {"
    for i in $(seq -f '%03g' "$half" $(( n - 1 ))); do echo "        Steps${i}Tasks.Step$i(x: seed);"; done
    echo "    }"
    echo "}"
  } > "$dir/App/Pipelines.cs"
}

dir_of() { echo "$work/n$1/$2"; }   # $1 = N, $2 = variant
# The one-line change: the constant of component 003 (in both pipelines' reach only through its spec).
edit_file() { echo "$(dir_of "$1" "$2")/App/Steps/Step003.cs"; }

# Each variant's image cache: ours (PipelineImageCacheDirectory) or the SDK's content store (under XDG_CACHE_HOME).
cache_of() { echo "$work/n$1/cache-$2"; }  # $1 = N, $2 = variant
archive_of() { echo "$work/n$1/publish-archive/"; }
run_variant() { # $1 = N, $2 = variant, rest: extra arguments
  local n="$1" v="$2"; shift 2
  local app cache; app="$(dir_of "$n" "$v")/App"; cache="$(cache_of "$n" "$v")"
  case "$v" in
    plain)   dotnet build "$app" "$@" ;;
    compile) dotnet build "$app" "$@" -p:PipelinesGenerateYaml=false -p:PipelineBuildImages=false ;;
    yaml)    dotnet build "$app" "$@" -p:PipelineBuildImages=false ;;
    images|pkgref) dotnet build "$app" "$@" -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" -p:PipelineImageCacheDirectory="$cache" ;;
    push)    dotnet build "$app" "$@" -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" -p:PipelineImageCacheDirectory="$cache" \
               -p:PipelineRegistry="$PIPELINES_TEST_REGISTRY/bench-scale-n$n" -p:PipelineInsecureRegistries="$PIPELINES_TEST_REGISTRY" ;;
    publish) XDG_CACHE_HOME="$cache" dotnet publish "$app" -c Debug -t:PublishContainer "$@" \
               -p:ContainerBaseImage="$PIPELINES_TEST_BASE_REGISTRY_IMAGE" -p:ContainerArchiveOutputPath="$(archive_of "$n")" \
               -p:ContainerRepository=bench-scale-app ;;
  esac
}
# From clean: no bin/obj (so restore runs again, from the local package folder), no image cache or archive.
clean_variant() { # $1 = N, $2 = variant
  find "$(dir_of "$1" "$2")" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
  rm -rf "$(cache_of "$1" "$2")"
  [ "$2" != publish ] || rm -rf "$(archive_of "$1")"
}

T=0 C=0
# $1 = log, rest = command; sets T (wall seconds) and C (CPU seconds, user + system, of the command and its children: MSBuild,
# the tasks, the pipeline trace; not the compiler server, a separate process). On a shared machine the wall time carries
# other builds' load; the CPU time says what the build itself costs.
timed() {
  local log="$1" s e; shift
  s=$(date +%s.%N)
  # `times` in the subshell: its second line is the CPU time of the subshell's waited-for children.
  if ! ( "$@" >"$log" 2>&1 && times > "$log.cpu" ); then echo "FAILED: $*" >&2; tail -40 "$log" >&2; exit 1; fi
  e=$(date +%s.%N)
  T=$(python3 -c "print(f'{$e-$s:.3f}')")
  C=$(python3 -c "import re, sys; m = re.findall(r'(\\d+)m([0-9.]+)s', open(sys.argv[1]).read().splitlines()[1]); print(f'{sum(int(a) * 60 + float(b) for a, b in m):.3f}')" "$log.cpu")
}

# From a build log (-v:m -clp:PerformanceSummary): "key=ms ..." for the steps after compiling, summed over
# the projects, and the image lines' counts (built = not "unchanged", pushed = "; pushed").
steps_of() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def table(title):
    block = text.split(title, 1)[1] if title in text else ""
    block = re.split(r"\n\S", block, 1)[0]
    out = {}
    for ms, name in re.findall(r"^\s+([0-9]+) ms\s+(\S+)\s+[0-9]+ calls", block, re.M):
        out[name] = out.get(name, 0) + int(ms)
    return out
targets, tasks = table("Target Performance Summary:"), table("Task Performance Summary:")
lines = re.findall(r"^\s+image \S+ -> \S+ \((.*)\)\s*$", text, re.M)
built = sum(1 for l in lines if not l.startswith("unchanged"))
pushed = sum(1 for l in lines if l.endswith("pushed"))
steps = {
    "compile": targets.get("CoreCompile", 0),
    "images": tasks.get("BuildComponentImages", 0),
    "componentYaml": tasks.get("WriteComponentYaml", 0),
    "pipelineYaml": tasks.get("WritePipelineYaml", 0),
    "diagrams": tasks.get("WritePipelineDiagrams", 0),
    "prune": tasks.get("PruneComponentImages", 0),
    "sdkImage": tasks.get("CreateNewImage", 0),
}
print(" ".join(f"{k}={v}" for k, v in steps.items()), f"built={built}", f"reused={len(lines) - built}", f"pushed={pushed}")
PY
}

declare -A times cpu steps
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  echo "N = $n: generating, warming up (restore + first build of each variant)..."
  base="$work/n$n/template"
  generate "$base" "$n"
  for v in "${variants[@]}"; do
    mkdir -p "$(dir_of "$n" "$v")"
    bench_workspace_config "$(dir_of "$n" "$v")"
    cp -r "$base/Helpers" "$base/App" "$(dir_of "$n" "$v")/"
  done
  if [[ " ${variants[*]} " == *" pkgref "* ]]; then
    sed -i -e 's#<Project Sdk="Pipelines.Sdk">#<Project Sdk="Microsoft.NET.Sdk">#' \
      -e 's#</PropertyGroup>#</PropertyGroup>\n  <ItemGroup><PackageReference Include="Pipelines.Sdk" Version="0.0.0-dev" /></ItemGroup>#' \
      "$(dir_of "$n" pkgref)/App/App.csproj"
  fi
  if [[ " ${variants[*]} " == *" plain "* || " ${variants[*]} " == *" publish "* ]]; then
    # The plain (and publish) variant's sources: the generator's output of a Pipelines.Sdk build of the same code.
    gen_dir="$work/n$n/gen"; mkdir -p "$gen_dir"; bench_workspace_config "$gen_dir"; cp -r "$base/Helpers" "$base/App" "$gen_dir/"
    timed "$work/n$n-gen.log" dotnet build "$gen_dir/App" -p:EmitCompilerGeneratedFiles=true -p:PipelineBuildImages=false -nologo -v:q
    for v in plain publish; do
      [[ " ${variants[*]} " == *" $v "* ]] || continue
      bench_make_plain "$gen_dir/App/obj/Debug/net10.0/generated/Pipelines.Sdk.Generators" "$(dir_of "$n" "$v")/App/App.csproj"
    done
  fi
  for v in "${variants[@]}"; do timed "$work/n$n-$v-warm.log" run_variant "$n" "$v" -nologo -v:q; echo "  $v: first build ${T}s"; done

  for i in $(seq "$runs"); do
    k=$(( (i - 1) % ${#variants[@]} )); order=("${variants[@]:k}" "${variants[@]:0:k}")
    for s in "${scenarios[@]}"; do
      for v in "${order[@]}"; do
        args=(--no-restore)
        case "$s" in
          noop)    [ "$v" != publish ] || continue ;;
          restore) [ "$v" != publish ] || continue; args=() ;;
          change)  sed -i "s#int k = [0-9]*; // benchmark edit#int k = $(( 1000 + i )); // benchmark edit#" "$(edit_file "$n" "$v")" ;;
          cold)    clean_variant "$n" "$v"; args=() ;;
        esac
        log="$work/n$n-$v-$s-$i.log"
        timed "$log" run_variant "$n" "$v" "${args[@]}" -nologo -v:m -clp:PerformanceSummary
        times["$n $v $s"]+="$T "; cpu["$n $v $s"]+="$C "; steps["$n $v $s"]+="$(steps_of "$log");"
      done
    done
    echo "  run $i/$runs done"
  done
done

# ---- report --------------------------------------------------------------------------------------
has() { [[ " ${variants[*]} " == *" $1 "* ]] && [[ " ${scenarios[*]} " == *" $2 "* ]]; }  # $1 = variant, $2 = scenario
# Median / spread of the whole-command seconds of "<n> <variant> <scenario>" ($2 = times or cpu), "-" when not run.
# shellcheck disable=SC2086
med() { local -n a="$2"; local v="${a["$1"]:-}"; if [ -n "$v" ]; then bench_median $v; else echo -; fi; }
# shellcheck disable=SC2086
spread() { local v="${times["$1"]:-}"; if [ -n "$v" ]; then bench_spread $v; else echo -; fi; }
ratio_of() { if [ "$1" = - ] || [ "$2" = - ]; then echo -; else bench_ratio "$1" "$2"; fi; }
# Median of one step over the runs of "<n> <variant> <scenario>", "-" when not run.
step_median() {
  python3 - "${steps["$1"]:-}" "$2" <<'PY'
import statistics, sys
runs = [dict(kv.split("=") for kv in r.split()) for r in sys.argv[1].split(";") if r.strip()]
print(int(statistics.median(int(r.get(sys.argv[2], 0)) for r in runs)) if runs else "-")
PY
}
title() { case "$1" in noop) echo "no-op rebuild (--no-restore)";; restore) echo "no-op rebuild, restore included (a bare dotnet build)";; change) echo "one-line change in one component";; cold) echo "from clean (no bin/obj, empty image cache; restore included)";; esac; }
echo
echo "Scale benchmark: N components + helper library + 2 pipelines; seconds per whole command, median of $runs (spread min-max)"
echo "compiler server: $([ "${UseSharedCompilation:-}" = false ] && echo "off (UseSharedCompilation=false)" || echo "on (default)"); MSBuild server: $([ "${MSBUILD_SERVER:-0}" = 1 ] && echo "on (MSBUILD_SERVER=1)" || echo "off (default)"); load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${scenarios[@]}"; do
  echo
  title "$s"
  printf '  %5s' N; for v in "${variants[@]}"; do printf ' %20s' "$v"; done
  for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %8s' "$v/pl"; done; echo
  for n in $sizes; do
    printf '  %5s' "$n"
    for v in "${variants[@]}"; do printf ' %7ss (%10s)' "$(med "$n $v $s" times)" "$(spread "$n $v $s")"; done
    for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %7sx' "$(ratio_of "$(med "$n $v $s" times)" "$(med "$n plain $s" times)")"; done
    echo
  done
done
echo
echo "no-op target (issue 10): a no-op rebuild within 1.05x of plain, at every N (medians; wall, then CPU without the compiler server):"
for s in noop restore; do for n in $sizes; do for v in yaml images pkgref push; do
  has plain "$s" && has "$v" "$s" || continue
  w=$(ratio_of "$(med "$n $v $s" times)" "$(med "$n plain $s" times)"); c=$(ratio_of "$(med "$n $v $s" cpu)" "$(med "$n plain $s" cpu)")
  printf '  %-7s N=%-4s %-7s wall %5sx  CPU %5sx  -> %s\n' "$s" "$n" "$v" "$w" "$c" "$(python3 -c "print('met' if $w <= 1.05 else 'NOT met')")"
done; done; done
echo
echo "CPU seconds of the command (user + system of dotnet and its children, not the compiler server), medians:"
printf '  %-6s %5s' scen N; for v in "${variants[@]}"; do printf ' %8s' "$v"; done
for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %8s' "$v/pl"; done; echo
for s in "${scenarios[@]}"; do for n in $sizes; do
  printf '  %-6s %5s' "$s" "$n"
  for v in "${variants[@]}"; do printf ' %7ss' "$(med "$n $v $s" cpu)"; done
  for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %7sx' "$(ratio_of "$(med "$n $v $s" cpu)" "$(med "$n plain $s" cpu)")"; done
  echo
done; done
echo
echo "steps (ms, medians; -clp:PerformanceSummary task times summed over both projects; plain's compile has no generator;"
echo "sdkImage: the SDK's CreateNewImage task) and images per build:"
printf '  %-6s %-6s %-7s %8s %8s %8s %8s %8s %8s %8s %6s %6s %6s\n' scen N variant compile images compYaml pipeYaml diagrams prune sdkImage built reused pushed
for s in "${scenarios[@]}"; do for v in "${variants[@]}"; do for n in $sizes; do
  [ -n "${steps["$n $v $s"]:-}" ] || continue
  printf '  %-6s %-6s %-7s' "$s" "$n" "$v"
  for k in compile images componentYaml pipelineYaml diagrams prune sdkImage built reused pushed; do printf ' %8s' "$(step_median "$n $v $s" "$k")"; done
  echo
done; done; done
# shellcheck disable=SC2086
set -- $sizes
if [ $# -ge 2 ] && has images change; then
  first="$1"; last="${!#}"
  echo
  echo "growth from N = $first to N = $last (x$(python3 -c "print(f'{$last/$first:.0f}')") components), one-line change, images variant's steps:"
  for k in compile images componentYaml pipelineYaml; do
    a=$(step_median "$first images change" "$k"); b=$(step_median "$last images change" "$k")
    echo "  $k: ${a} ms -> ${b} ms ($(python3 -c "print(f'x{$b/max($a,1):.1f}')"))"
  done
fi
if [[ " ${variants[*]} " == *" images "* && " ${variants[*]} " == *" publish "* ]]; then
  echo
  echo "image step vs the .NET SDK's container tooling: ours (BuildComponentImages, N images into the OCI layout, base read"
  echo "from an OCI layout on disk) vs dotnet publish -t:PublishContainer (CreateNewImage, ONE image of the same app into an"
  echo "archive on disk, base $PIPELINES_TEST_BASE_REGISTRY_IMAGE from the loopback registry, its layers kept in the SDK's"
  echo "content store, emptied for 'cold'); ms, medians. per image = (ours / N) / SDK; N x SDK = one publish per component,"
  echo "what one image per component costs with the SDK's tooling (for 'change' only if every component is republished):"
  printf '  %-6s %5s %10s %10s %9s %9s %10s %11s\n' scen N "ours(N)" "SDK(1)" ours/SDK "per image" "N x SDK" "ours/(NxSDK)"
  for s in change cold; do has publish "$s" || continue; for n in $sizes; do
    o=$(step_median "$n images $s" images); k=$(step_median "$n publish $s" sdkImage)
    printf '  %-6s %5s %10s %10s %8sx %8sx %10s %10sx\n' "$s" "$n" "$o" "$k" "$(ratio_of "$o" "$k")" \
      "$(python3 -c "print(f'{$o/$n/max($k,1):.3f}')")" "$((n * k))" "$(python3 -c "print(f'{$o/max($n*$k,1):.3f}')")"
  done; done
  echo "whole commands: dotnet build (images variant: compile, N images, YAML) vs dotnet publish -t:PublishContainer (compile,"
  echo "publish folder, 1 image), seconds, medians:"
  printf '  %-6s %5s %10s %10s %9s %10s %11s\n' scen N "build(N)" "publish(1)" build/pub "N x pub" "build/(Nxpub)"
  for s in change cold; do has publish "$s" || continue; for n in $sizes; do
    o=$(med "$n images $s" times); k=$(med "$n publish $s" times)
    printf '  %-6s %5s %9ss %9ss %8sx %9ss %10sx\n' "$s" "$n" "$o" "$k" "$(ratio_of "$o" "$k")" \
      "$(python3 -c "print(f'{$n*$k:.1f}')")" "$(python3 -c "print(f'{$o/($n*$k):.3f}')")"
  done; done
fi
echo
echo "runs (seconds):"
for n in $sizes; do for s in "${scenarios[@]}"; do for v in "${variants[@]}"; do
  [ -n "${times["$n $v $s"]:-}" ] || continue
  printf '  N=%-4s %-7s %-7s %s\n' "$n" "$s" "$v" "${times["$n $v $s"]}"
done; done; done
