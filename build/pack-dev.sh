#!/usr/bin/env bash
# Packs the runtime library (Pipelines), the MSBuild SDK (Pipelines.Sdk, which carries the local
# runner CLI), the local engine library (Pipelines.Local) with the pipeline pictures it draws
# (Pipelines.Graphs), the `pipelines` .NET tool (Pipelines.Cli) and the `dotnet new` templates
# (Pipelines.Templates) at the fixed dev version 0.0.0-dev into artifacts/feed, then evicts that version
# from the samples' package folder: NuGet never re-extracts a version it already has, so a stale
# copy would win.
# Test projects that build samples call this at the same time (dotnet test runs test assemblies in
# parallel): one pack at a time (flock), and a pack of unchanged sources is skipped, so a second
# caller neither packs again nor evicts packages the first one's sample builds are using.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${PIPELINES_DEV_VERSION:-0.0.0-dev}"
feed="$root/artifacts/feed"
mkdir -p "$feed"
exec 9>"$root/artifacts/.pack-dev.lock"
flock 9
sources_hash() {
  (cd "$root" && find sdk generators templates Directory.Build.props Directory.Packages.props -type f \
      -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum; echo "$version") | sha256sum | cut -d' ' -f1
}
stamp="$feed/.sources-$version"
hash="$(sources_hash)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ "${PIPELINES_PACK_FORCE:-0}" != 1 ]; then
  echo "Pipelines packages $version are up to date in $feed"
  exit 0
fi
rm -f "$stamp"

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
for project in sdk/Pipelines.Graphs/Pipelines.Graphs.csproj sdk/Pipelines.Local/Pipelines.Local.csproj sdk/Pipelines.Cli/Pipelines.Cli.csproj sdk/Pipelines/Pipelines.csproj sdk/Pipelines.Sdk/Pipelines.Sdk.csproj templates/Pipelines.Templates/Pipelines.Templates.csproj; do
  dotnet pack "$root/$project" -c Release -o "$feed" -p:Version="$version" -nologo -v:quiet -clp:ErrorsOnly
done

# The samples' own package folder, and any folder named by NUGET_PACKAGES.
for packages in "$root/artifacts/samples-packages" "${NUGET_PACKAGES:-}"; do
  [ -n "$packages" ] || continue
  rm -rf "$packages/pipelines/$version" "$packages/pipelines.sdk/$version" "$packages/pipelines.local/$version" "$packages/pipelines.cli/$version" "$packages/pipelines.graphs/$version"
done
# The repo's own tool manifest (.config/dotnet-tools.json) restores Pipelines.Cli from the same
# feed into the default package folder: evict it there too.
rm -rf "${HOME:-/root}/.nuget/packages/pipelines.cli/$version"
# (Pipelines.Templates is never extracted there: `dotnet new install` keeps its own copy.)
echo "$hash" > "$stamp"
echo "packed Pipelines, Pipelines.Sdk, Pipelines.Graphs, Pipelines.Local, Pipelines.Cli and Pipelines.Templates $version -> $feed"
