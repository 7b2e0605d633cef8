#!/usr/bin/env bash
# Scale benchmark (issue 10, "Cost that follows the change"): a generated project with N components
# (one file each, all calling a helper library) and two pipelines (a chain over the first half, a
# fan-out over the second), built with Pipelines.Sdk and, as the reference, the same code on plain
# Microsoft.NET.Sdk (the generator's output as ordinary files, as bench-build.sh does).
# Scenarios: no-op rebuild, and a one-line change in one component's body (a constant it computes
# with, so its IL and its fingerprint change). Variants alternate run by run (ABAB…, the order
# rotating), so drift on the shared machine hits each alike.
# Prints per N and scenario: medians and spread (min-max) of whole `dotnet build` commands, the ratio
# to plain, each post-compile step's time (-clp:PerformanceSummary, medians) and how it grows with N,
# and how many images the image step built, reused and pushed.
#
# Usage: build/bench-scale.sh [N list] [runs]        e.g. build/bench-scale.sh "10 50 200 500" 3
#   default: "10 50" and 3 runs (affordable on 2 shared cores; N = 500 takes minutes per variant).
#   VARIANTS="plain yaml images push" picks variants (default "plain yaml images"):
#     plain   Microsoft.NET.Sdk, generated sources as files
#     yaml    Pipelines.Sdk, PipelineBuildImages=false (YAML only)
#     images  Pipelines.Sdk, images into the OCI layout (base: build/test-env's OCI layout)
#     push    images, and pushed to build/test-env's registry (PipelineRegistry)
#   The compiler server is whatever the environment says: `UseSharedCompilation=false` turns it off for all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=build/bench-common.sh
. "$root/build/bench-common.sh"
sizes="${1:-10 50}"
runs="${2:-3}"
read -r -a variants <<<"${VARIANTS:-plain yaml images}"

"$root/build/pack-dev.sh" >/dev/null
# shellcheck disable=SC1091
. /run/pipelines-test/env
work="$(mktemp -d /tmp/pipelines-bench-scale-XXXXXX)"
trap 'rm -rf "$work"' EXIT

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

run_variant() { # $1 = N, $2 = variant, rest: extra arguments
  local n="$1" v="$2"; shift 2
  local app; app="$(dir_of "$n" "$v")/App"
  case "$v" in
    plain)  dotnet build "$app" "$@" ;;
    yaml)   dotnet build "$app" "$@" -p:PipelineBuildImages=false ;;
    images) dotnet build "$app" "$@" -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" -p:PipelineImageCacheDirectory="$work/cache" ;;
    push)   dotnet build "$app" "$@" -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" -p:PipelineImageCacheDirectory="$work/cache" \
              -p:PipelineRegistry="$PIPELINES_TEST_REGISTRY/bench-scale-n$n" -p:PipelineInsecureRegistries="$PIPELINES_TEST_REGISTRY" ;;
  esac
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
  if [[ " ${variants[*]} " == *" plain "* ]]; then
    # The plain variant's sources: the generator's output of a Pipelines.Sdk build of the same code.
    gen_dir="$work/n$n/gen"; mkdir -p "$gen_dir"; bench_workspace_config "$gen_dir"; cp -r "$base/Helpers" "$base/App" "$gen_dir/"
    timed "$work/n$n-gen.log" dotnet build "$gen_dir/App" -p:EmitCompilerGeneratedFiles=true -p:PipelineBuildImages=false -nologo -v:q
    bench_make_plain "$gen_dir/App/obj/Debug/net10.0/generated/Pipelines.Sdk.Generators" "$(dir_of "$n" plain)/App/App.csproj"
  fi
  for v in "${variants[@]}"; do timed "$work/n$n-$v-warm.log" run_variant "$n" "$v" -nologo -v:q; echo "  $v: first build ${T}s"; done

  for i in $(seq "$runs"); do
    k=$(( (i - 1) % ${#variants[@]} )); order=("${variants[@]:k}" "${variants[@]:0:k}")
    for v in "${order[@]}"; do
      log="$work/n$n-$v-noop-$i.log"
      timed "$log" run_variant "$n" "$v" --no-restore -nologo -v:m -clp:PerformanceSummary
      times["$n $v noop"]+="$T "; cpu["$n $v noop"]+="$C "; steps["$n $v noop"]+="$(steps_of "$log");"
    done
    for v in "${order[@]}"; do
      sed -i "s#int k = [0-9]*; // benchmark edit#int k = $(( 1000 + i )); // benchmark edit#" "$(edit_file "$n" "$v")"
      log="$work/n$n-$v-change-$i.log"
      timed "$log" run_variant "$n" "$v" --no-restore -nologo -v:m -clp:PerformanceSummary
      times["$n $v change"]+="$T "; cpu["$n $v change"]+="$C "; steps["$n $v change"]+="$(steps_of "$log");"
    done
    echo "  run $i/$runs done"
  done
done

# ---- report --------------------------------------------------------------------------------------
# Median of one step over the runs of "<n> <variant> <scenario>".
step_median() {
  python3 - "${steps["$1"]}" "$2" <<'PY'
import statistics, sys
runs = [dict(kv.split("=") for kv in r.split()) for r in sys.argv[1].split(";") if r.strip()]
print(int(statistics.median(int(r.get(sys.argv[2], 0)) for r in runs)))
PY
}
echo
echo "Scale benchmark: N components + helper library + 2 pipelines; seconds per whole dotnet build, median of $runs (spread min-max)"
echo "compiler server: $([ "${UseSharedCompilation:-}" = false ] && echo "off (UseSharedCompilation=false)" || echo "on (default)"); load average at start: $load_start"
for s in noop change; do
  echo
  echo "$([ $s = noop ] && echo "no-op rebuild" || echo "one-line change in one component")"
  printf '  %5s' N; for v in "${variants[@]}"; do printf ' %20s' "$v"; done
  for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %8s' "$v/pl"; done; echo
  for n in $sizes; do
    printf '  %5s' "$n"
    # shellcheck disable=SC2086
    for v in "${variants[@]}"; do printf ' %7ss (%10s)' "$(bench_median ${times["$n $v $s"]})" "$(bench_spread ${times["$n $v $s"]})"; done
    # shellcheck disable=SC2086
    for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %7sx' "$(bench_ratio "$(bench_median ${times["$n $v $s"]})" "$(bench_median ${times["$n plain $s"]})")"; done
    echo
  done
done
echo
echo "CPU seconds of the build (user + system of dotnet build and its children, not the compiler server), medians:"
printf '  %-6s %5s' scen N; for v in "${variants[@]}"; do printf ' %8s' "$v"; done
for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %8s' "$v/pl"; done; echo
for s in noop change; do for n in $sizes; do
  printf '  %-6s %5s' "$s" "$n"
  # shellcheck disable=SC2086
  for v in "${variants[@]}"; do printf ' %7ss' "$(bench_median ${cpu["$n $v $s"]})"; done
  # shellcheck disable=SC2086
  for v in "${variants[@]}"; do [ "$v" = plain ] || printf ' %7sx' "$(bench_ratio "$(bench_median ${cpu["$n $v $s"]})" "$(bench_median ${cpu["$n plain $s"]})")"; done
  echo
done; done
echo
echo "steps (ms, medians; -clp:PerformanceSummary task times summed over both projects; plain's compile has no generator) and images per build:"
printf '  %-6s %-6s %-7s %8s %8s %8s %8s %8s %8s %6s %6s %6s\n' scen N variant compile images compYaml pipeYaml diagrams prune built reused pushed
for s in noop change; do for v in "${variants[@]}"; do for n in $sizes; do
  printf '  %-6s %-6s %-7s' "$s" "$n" "$v"
  for k in compile images componentYaml pipelineYaml diagrams prune built reused pushed; do printf ' %8s' "$(step_median "$n $v $s" "$k")"; done
  echo
done; done; done
# shellcheck disable=SC2086
set -- $sizes
if [ $# -ge 2 ] && [[ " ${variants[*]} " == *" images "* ]]; then
  first="$1"; last="${!#}"
  echo
  echo "growth from N = $first to N = $last (x$(python3 -c "print(f'{$last/$first:.0f}')") components), one-line change, images variant's steps:"
  for k in compile images componentYaml pipelineYaml; do
    a=$(step_median "$first images change" "$k"); b=$(step_median "$last images change" "$k")
    echo "  $k: ${a} ms -> ${b} ms ($(python3 -c "print(f'x{$b/max($a,1):.1f}')"))"
  done
fi
echo
echo "runs (seconds):"
for n in $sizes; do for s in noop change; do for v in "${variants[@]}"; do printf '  N=%-4s %-7s %-7s %s\n' "$n" "$s" "$v" "${times["$n $v $s"]}"; done; done; done
