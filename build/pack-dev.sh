#!/usr/bin/env bash
# Packs the runtime library (Pipelines) and the MSBuild SDK (Pipelines.Sdk) at the fixed dev
# version 0.0.0-dev into artifacts/feed, then evicts that version from the samples' package
# folder: NuGet never re-extracts a version it already has, so a stale copy would win.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${PIPELINES_DEV_VERSION:-0.0.0-dev}"
feed="$root/artifacts/feed"
mkdir -p "$feed"

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
for project in sdk/Pipelines/Pipelines.csproj sdk/Pipelines.Sdk/Pipelines.Sdk.csproj; do
  dotnet pack "$root/$project" -c Release -o "$feed" -p:Version="$version" -nologo -v:quiet -clp:ErrorsOnly
done

# The samples' own package folder, and any folder named by NUGET_PACKAGES.
for packages in "$root/artifacts/samples-packages" "${NUGET_PACKAGES:-}"; do
  [ -n "$packages" ] || continue
  rm -rf "$packages/pipelines/$version" "$packages/pipelines.sdk/$version"
done
echo "packed Pipelines and Pipelines.Sdk $version -> $feed"
