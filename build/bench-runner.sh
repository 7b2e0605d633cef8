#!/usr/bin/env bash
# Local engine benchmark (Pipelines.Local through the `pipelines` CLI), in one run:
#  1. per-task overhead: a chain of 20 trivial tasks run by the engine, against the same 20
#     component invocations run directly one after another (process mode: `dotnet app.dll
#     --executor_input …`; docker mode: `docker run` of the component image with the same
#     arguments). Targets: ≤ 150 ms per task (process), ≤ 400 ms (docker).
#  2. a 10-wide fan-out of tasks that each wait 1 s: --parallel 10 against --parallel 1, and the
#     floor: the same ten component invocations started at once directly (no engine).
#     Target: ≤ 2 s wall with --parallel 10 (≥ 10 s one after another).
#  3. CPU seconds (user + system, children included) of each variant: what one start of the
#     component's .NET runtime costs, and what the engine adds to a fan-out.
# Variants alternate (ABAB…) so drift hits both; prints medians, spread (min–max) and ratios.
# The machine's load average is printed before and after: on a shared machine it moves the
# walls more than any change to the engine does, so compare variants of one run, not runs.
# Usage: build/bench-runner.sh [runs]   (default 3 per variant)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

"$root/build/pack-dev.sh" >/dev/null
bash "$root/build/test-env/up.sh" >/dev/null
# shellcheck disable=SC1091
. /run/pipelines-test/env
work="$(mktemp -d /tmp/pipelines-bench-runner-XXXXXX)"
chmod 755 "$work"   # docker mode: the images' non-root user must be able to enter the runs root
trap 'rm -rf "$work"' EXIT

# A pipeline project with a trivial component and a 1 s component, written as users write them.
mkdir -p "$work/Bench"
cp "$root/samples/global.json" "$root/samples/Directory.Build.props" "$work/"
sed -e "s#../artifacts/samples-packages#$root/artifacts/samples-packages#" -e "s#../artifacts/feed#$root/artifacts/feed#" \
  "$root/samples/nuget.config" > "$work/nuget.config"
cat > "$work/Bench/Bench.csproj" <<'XML'
<Project Sdk="Pipelines.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
cat > "$work/Bench/Bench.cs" <<'CS'
public static class BenchSteps
{
    [Component] public static int Step(int x) => x + 1;
    [Component] public static int Wait(int ms) { Thread.Sleep(ms); return ms; }
}

public static class BenchPipelines
{
    [Pipeline(Name = "chain")]
    public static void Chain(PipelineBuilder p)
    {
        Value<int> v = BenchStepsTasks.Step(x: 0).Output;
        for (int i = 1; i < 20; i++) v = BenchStepsTasks.Step(x: v).Output;
    }

    [Pipeline(Name = "fanout")]
    public static void Fanout(PipelineBuilder p)
    {
        for (int i = 0; i < 10; i++) BenchStepsTasks.Wait(ms: 1000);
    }
}
CS
echo "building the bench pipelines (with images) and the CLI..."
dotnet build "$work/Bench" -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" -v:q -nologo >/dev/null
dotnet build "$root/sdk/Pipelines.Cli" -c Release -v:q -nologo >/dev/null
out="$work/Bench/bin/Debug/net10.0"
cli=(dotnet "$root/sdk/Pipelines.Cli/bin/Release/net10.0/pipelines.dll" run --no-cache --plain --runs-root "$work/runs")
# The step image as the engine loads it from the build's OCI layout: its id is the config digest.
step_image="$(python3 - "$out" <<'PY'
import json, re, sys
out = sys.argv[1]
yaml = open(f"{out}/pipelines/chain.yaml").read()
manifest = re.search(r"image: \S+@(sha256:[0-9a-f]+)", yaml).group(1)
print(json.load(open(f"{out}/images/blobs/sha256/{manifest[7:]}"))["config"]["digest"])
PY
)"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

executor_input() { # $1 = task dir
  printf '{"inputs":{"parameterValues":{"x":1}},"outputs":{"parameters":{"Output":{"outputFile":"%s/out"}},"outputFile":"%s/executor_output.json"}}' "$1" "$1"
}
direct_process() {
  local d; d="$(mktemp -d "$work/direct-XXXX")"
  for _ in $(seq 20); do dotnet "$out/Bench.dll" --executor_input "$(executor_input "$d")" --function_to_execute step >/dev/null; done
}
direct_fanout() { # the fan-out's ten `wait` invocations at once, as the engine starts them with --parallel 10
  local d i; d="$(mktemp -d "$work/direct-XXXX")"
  for i in $(seq 10); do
    mkdir -p "$d/$i"
    printf -v input '{"inputs":{"parameterValues":{"ms":1000}},"outputs":{"parameters":{"Output":{"outputFile":"%s/out"}},"outputFile":"%s/executor_output.json"}}' "$d/$i" "$d/$i"
    dotnet "$out/Bench.dll" --executor_input "$input" --function_to_execute wait >/dev/null &
  done
  wait
}
direct_docker() {
  local d; d="$(mktemp -d "$work/direct-XXXX")"; chmod 777 "$d"
  for _ in $(seq 20); do
    docker run --rm --network none -v "$d:$d" --entrypoint dotnet "$step_image" /app/Bench.dll --executor_input "$(executor_input "$d")" --function_to_execute step >/dev/null
  done
}
# Load the images into the engine once (the first docker-mode run does it), outside the timings.
"${cli[@]}" "$out/pipelines/chain.yaml" --mode docker --network-none >/dev/null

declare -A samples cpu
# CPU time of a variant: the children's user + system ticks this shell has waited for, before and after.
child_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }
measure() { # $1 = variant name, rest = command
  local name="$1"; shift
  local t0 t1 c0 c1; c0="$(child_ticks)"; t0="$(now)"
  "$@" >/dev/null 2>&1 || { echo "variant $name failed" >&2; "$@" | tail -20 >&2; exit 1; }
  t1="$(now)"; c1="$(child_ticks)"
  samples[$name]="${samples[$name]:-} $(ms "$t0" "$t1")"
  cpu[$name]="${cpu[$name]:-} $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))"
}
median_of() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d %d %d", m, a[1], a[NR]}'; }
stats() { median_of "${samples[$1]}"; }      # "median min max" wall ms of variant $1
cpu_stats() { median_of "${cpu[$1]}"; }      # the same for its CPU ms

echo "measuring ($runs runs per variant, alternating); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$runs"); do
  measure direct-process direct_process
  measure engine-process "${cli[@]}" "$out/pipelines/chain.yaml" --parallel 1
  measure direct-docker direct_docker
  measure engine-docker "${cli[@]}" "$out/pipelines/chain.yaml" --parallel 1 --mode docker --network-none
  measure fanout-parallel-10 "${cli[@]}" "$out/pipelines/fanout.yaml" --parallel 10
  measure fanout-parallel-1 "${cli[@]}" "$out/pipelines/fanout.yaml" --parallel 1
  measure fanout-direct-10 direct_fanout
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
printf '%-20s %10s %16s %12s\n' variant "median ms" "spread (min-max)" "median CPU ms"
for v in direct-process engine-process direct-docker engine-docker fanout-parallel-10 fanout-parallel-1 fanout-direct-10; do
  read -r m lo hi <<<"$(stats "$v")"
  read -r c _ _ <<<"$(cpu_stats "$v")"
  printf '%-20s %10d %16s %12d\n' "$v" "$m" "$lo-$hi" "$c"
done
read -r dp _ _ <<<"$(stats direct-process)"; read -r ep _ _ <<<"$(stats engine-process)"
read -r dd _ _ <<<"$(stats direct-docker)"; read -r ed _ _ <<<"$(stats engine-docker)"
read -r f10 _ _ <<<"$(stats fanout-parallel-10)"; read -r f1 _ _ <<<"$(stats fanout-parallel-1)"
read -r fd _ _ <<<"$(stats fanout-direct-10)"
read -r cdp _ _ <<<"$(cpu_stats direct-process)"; read -r cfd _ _ <<<"$(cpu_stats fanout-direct-10)"; read -r cf10 _ _ <<<"$(cpu_stats fanout-parallel-10)"
echo
awk -v dp="$dp" -v ep="$ep" -v dd="$dd" -v ed="$ed" -v f10="$f10" -v f1="$f1" -v fd="$fd" -v cdp="$cdp" -v cfd="$cfd" -v cf10="$cf10" -v cores="$(nproc)" 'BEGIN {
  printf "process mode: %.0f ms overhead per task (engine %.2fx direct; target <= 150 ms)\n", (ep - dp) / 20, ep / dp
  printf "docker mode:  %.0f ms overhead per task (engine %.2fx direct; target <= 400 ms)\n", (ed - dd) / 20, ed / dd
  printf "fan-out of 10 x 1 s: %.2f s with --parallel 10, %.2f s with --parallel 1 (%.1fx faster; target <= 2 s)\n", f10 / 1000, f1 / 1000, f1 / f10
  printf "fan-out floor: the ten invocations started at once without the engine take %.2f s; the engine adds %.2f s\n", fd / 1000, (f10 - fd) / 1000
  printf "CPU per start of a component (dotnet app.dll): %.3f s one after another, %.3f s ten at once; the fan-out costs %.2f CPU s with the engine, %.2f without (%d cores)\n", cdp / 20000, cfd / 10000, cf10 / 1000, cfd / 1000, cores
}'
