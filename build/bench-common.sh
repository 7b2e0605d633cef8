# Shared by the build benchmarks (bench-build.sh, bench-images.sh, bench-scale.sh): sourced, not run.
# A benchmark workspace resolves Pipelines.Sdk from this worktree's dev feed (build/pack-dev.sh), and
# its "plain" variant is the same code on Microsoft.NET.Sdk with the generator's output as files.
# Expects $root (the repository) to be set by the caller.

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# global.json, Directory.Build.props and nuget.config of the samples into $1, the feed paths made absolute.
# $2 (optional): MSBuild properties added to Directory.Build.props (e.g. "<PipelineBuildImages>false</PipelineBuildImages>").
bench_workspace_config() {
  mkdir -p "$1"
  cp "$root/samples/global.json" "$1/"
  sed "s#</PropertyGroup>#  ${2:-}\n  </PropertyGroup>#" "$root/samples/Directory.Build.props" > "$1/Directory.Build.props"
  sed -e "s#../artifacts/samples-packages#$root/artifacts/samples-packages#" -e "s#../artifacts/feed#$root/artifacts/feed#" \
    "$root/samples/nuget.config" > "$1/nuget.config"
}

# Turns the Pipelines.Sdk project $2 (a .csproj) into the plain variant: the generator's output under the
# folder $1 becomes ordinary sources (Generated/), the project a Microsoft.NET.Sdk Exe referencing the runtime.
bench_make_plain() {
  local generated="$1" csproj="$2"
  mkdir -p "$(dirname "$csproj")/Generated"
  find "$generated" -name '*.cs' -exec cp {} "$(dirname "$csproj")/Generated/" \;
  sed -i -e 's#<Project Sdk="Pipelines.Sdk">#<Project Sdk="Microsoft.NET.Sdk">#' \
    -e '0,/<\/PropertyGroup>/s#</PropertyGroup>#  <OutputType>Exe</OutputType>\n  </PropertyGroup>\n  <ItemGroup><PackageReference Include="Pipelines" Version="0.0.0-dev" /><Using Include="Pipelines" /></ItemGroup>#' \
    "$csproj"
}

bench_median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
bench_ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a/b:.2f}')" "$1" "$2"; }
# "min-max" of the numbers given.
bench_spread() { python3 -c "import sys; v = sorted(map(float, sys.argv[1:])); print(f'{v[0]:.2f}-{v[-1]:.2f}')" "$@"; }
