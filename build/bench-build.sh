#!/usr/bin/env bash
# Build-time benchmark for the sample, in one run: the sample built with Pipelines.Sdk (YAML
# only, and YAML + the five component images) against the same code (its generated sources
# included as plain files) built with Microsoft.NET.Sdk. Prints medians and ratios for a no-op
# rebuild and a one-line change, and the generator's share of compile time
# (-p:ReportAnalyzer=true). Starts build/test-env for the offline base image.
# Usage: build/bench-build.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
# shellcheck source=build/bench-common.sh
. "$root/build/bench-common.sh"
project=ChurnPrediction.Pipeline

"$root/build/pack-dev.sh" >/dev/null
bash "$root/build/test-env/up.sh" >/dev/null
# shellcheck disable=SC1091
. /run/pipelines-test/env
work="$(mktemp -d /tmp/pipelines-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT

make_workspace() { # $1 = dir, $2 = MSBuild properties for this variant
  bench_workspace_config "$1" "$2"
  (cd "$root/samples" && tar --exclude=bin --exclude=obj -cf - ChurnPrediction) | (cd "$1" && tar -xf -)
}

sdk="$work/sdk/ChurnPrediction"; plain="$work/plain/ChurnPrediction"
make_workspace "$work/sdk" "<PipelineBuildImages>false</PipelineBuildImages>"
make_workspace "$work/images" "<PipelineBaseImage>oci:$PIPELINES_TEST_BASE_LAYOUT</PipelineBaseImage>"
make_workspace "$work/plain" ""

echo "warming up (restore + first build of every variant)..."
dotnet build "$work/images/ChurnPrediction/$project" -v:q -nologo >/dev/null
dotnet build "$sdk/$project" -p:EmitCompilerGeneratedFiles=true -v:q -nologo >/dev/null
# The plain variant: same sources plus the generator's output as ordinary files, no SDK targets.
bench_make_plain "$sdk/$project/obj/Debug/net10.0/generated/Pipelines.Sdk.Generators" "$plain/$project/$project.csproj"
dotnet build "$plain/$project" -v:q -nologo >/dev/null

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.3f}')"; }
median() { bench_median "$@"; }
component_file() { grep -l '\[Component' "$1/$project"/*.cs | sort | head -1; }

declare -A noop change
for variant in sdk images plain; do
  dir="$work/$variant/ChurnPrediction"
  times=(); for _ in $(seq "$runs"); do times+=("$(seconds dotnet build "$dir/$project" --no-restore -v:q -nologo)"); done
  noop[$variant]=$(median "${times[@]}")
  file="$(component_file "$dir")"
  times=(); for i in $(seq "$runs"); do echo "// benchmark edit $i" >> "$file"; times+=("$(seconds dotnet build "$dir/$project" --no-restore -v:q -nologo)"); done
  change[$variant]=$(median "${times[@]}")
done

# Generator share: one compile of the SDK variant with per-analyzer timing and a target summary.
echo "// benchmark edit report" >> "$(component_file "$sdk")"
dotnet build "$sdk/$project" --no-restore -v:d -nologo -p:ReportAnalyzer=true -clp:PerformanceSummary > "$work/report.txt"
read -r generator analyzer compile yaml < <(python3 - "$work/report.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ours(block):
    m = re.search(r"^\s+([0-9.<]+)\s+\S+\s+Pipelines\.Sdk\.Generators,", block, re.M)
    return m.group(1) if m else "0"
# The sample's pipeline project compiles last: take its analyzer and generator tables.
last = text.rsplit("Total analyzer execution time", 1)[-1]
analyzers, _, generators = last.partition("Total generator execution time")
generators = generators.split("Done building target", 1)[0]
targets = dict((name, ms) for ms, name in re.findall(r"^\s+([0-9]+) ms\s+(\S+)\s+[0-9]+ calls", text, re.M))
print(ours(generators), ours(analyzers), targets.get("CoreCompile", "?"), targets.get("PipelinesGenerateYaml", "?"))
PY
)

ratio() { bench_ratio "$@"; }
printf '\n%-22s %9s %9s %9s %8s %8s\n' "build ($runs runs, median)" "YAML" "+images" "plain" "YAML/pl" "img/pl"
for kind in noop change; do
  declare -n m=$kind
  printf '%-22s %8ss %8ss %8ss %7sx %7sx\n' "$([ $kind = noop ] && echo 'no-op rebuild' || echo 'one-line change')" \
    "${m[sdk]}" "${m[images]}" "${m[plain]}" "$(ratio "${m[sdk]}" "${m[plain]}")" "$(ratio "${m[images]}" "${m[plain]}")"
done
echo
echo "one-line change, -p:ReportAnalyzer=true (targets summed over the sample's projects):"
echo "  CoreCompile ${compile} ms; Pipelines.Sdk.Generators: generator ${generator} s, analyzer ${analyzer} s" \
     "($(python3 -c 'import sys; g, a, c = (float(x.strip("<")) for x in sys.argv[1:]); print(f"{100 * (g + a) * 1000 / c:.0f}")' "$generator" "$analyzer" "$compile")% of CoreCompile); PipelinesGenerateYaml ${yaml} ms"
