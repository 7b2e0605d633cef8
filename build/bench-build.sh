#!/usr/bin/env bash
# Build-time benchmark for the sample, in one run: the sample built with Pipelines.Sdk against
# the same code (its generated sources included as plain files) built with Microsoft.NET.Sdk.
# Prints medians and ratios for a no-op rebuild and a one-line change, and the generator's
# share of compile time (-p:ReportAnalyzer=true).  Usage: build/bench-build.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1
project=ChurnPrediction.Pipeline

"$root/build/pack-dev.sh" >/dev/null
work="$(mktemp -d /tmp/pipelines-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT

make_workspace() { # $1 = dir
  mkdir -p "$1"
  cp "$root/samples/global.json" "$root/samples/Directory.Build.props" "$1/"
  sed -e "s#../artifacts/samples-packages#$root/artifacts/samples-packages#" -e "s#../artifacts/feed#$root/artifacts/feed#" \
    "$root/samples/nuget.config" > "$1/nuget.config"
  (cd "$root/samples" && tar --exclude=bin --exclude=obj -cf - ChurnPrediction) | (cd "$1" && tar -xf -)
}

sdk="$work/sdk/ChurnPrediction"; plain="$work/plain/ChurnPrediction"
make_workspace "$work/sdk"; make_workspace "$work/plain"

echo "warming up (restore + first build of both variants)..."
dotnet build "$sdk/$project" -p:EmitCompilerGeneratedFiles=true -v:q -nologo >/dev/null
# The plain variant: same sources plus the generator's output as ordinary files, no SDK targets.
gen="$sdk/$project/obj/Debug/net10.0/generated/Pipelines.Sdk.Generators"
mkdir -p "$plain/$project/Generated"
find "$gen" -name '*.cs' -exec cp {} "$plain/$project/Generated/" \;
sed -i -e 's#<Project Sdk="Pipelines.Sdk">#<Project Sdk="Microsoft.NET.Sdk">#' \
  -e 's#</PropertyGroup>#  <OutputType>Exe</OutputType>\n  </PropertyGroup>\n  <ItemGroup><PackageReference Include="Pipelines" Version="0.0.0-dev" /><Using Include="Pipelines" /></ItemGroup>#' \
  "$plain/$project/$project.csproj"
dotnet build "$plain/$project" -v:q -nologo >/dev/null

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.3f}')"; }
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
component_file() { grep -l '\[Component' "$1/$project"/*.cs | sort | head -1; }

declare -A noop change
for variant in sdk plain; do
  dir="$work/$variant/ChurnPrediction"
  times=(); for _ in $(seq "$runs"); do times+=("$(seconds dotnet build "$dir/$project" --no-restore -v:q -nologo)"); done
  noop[$variant]=$(median "${times[@]}")
  file="$(component_file "$dir")"
  times=(); for i in $(seq "$runs"); do echo "// benchmark edit $i" >> "$file"; times+=("$(seconds dotnet build "$dir/$project" --no-restore -v:q -nologo)"); done
  change[$variant]=$(median "${times[@]}")
done

# Generator share: one compile with per-analyzer timing.
echo "// benchmark edit report" >> "$(component_file "$sdk")"
report="$(dotnet build "$sdk/$project" --no-restore -v:d -nologo -p:ReportAnalyzer=true)"
generator=$(echo "$report" | grep -E '^\s+[0-9.<]+\s+[0-9]+\s+Pipelines.Sdk.Generators' | head -1 | awk '{print $1}')
total_analyzers=$(echo "$report" | grep -E 'Total (analyzer|generator) execution time' | awk '{for(i=1;i<=NF;i++) if ($i ~ /^[0-9.]+$/) {print $i; exit}}' | paste -sd+ | bc 2>/dev/null || true)
compile=$(echo "$report" | grep -E '^\s+[0-9]+ ms\s+CoreCompile' | head -1 | awk '{print $1}')

printf '\n%-24s %10s %10s %8s\n' "build ($runs runs, median)" "Pipelines" "plain" "ratio"
for kind in noop change; do
  declare -n m=$kind
  printf '%-24s %9ss %9ss %7sx\n' "$([ $kind = noop ] && echo 'no-op rebuild' || echo 'one-line change')" "${m[sdk]}" "${m[plain]}" \
    "$(python3 -c "print(f'{${m[sdk]}/${m[plain]}:.2f}')")"
done
echo
echo "generator (Pipelines.Sdk.Generators) time in one compile: ${generator:-?} s; all analyzers+generators: ${total_analyzers:-?} s; CoreCompile: ${compile:-?} ms"
echo "$report" | grep -E 'Pipelines.Sdk.Generators|Total (analyzer|generator) execution time' | sed 's/^/  /' | head -8
