#!/usr/bin/env bash
# The whole test suite, as CI runs it on a fresh machine: builds the solution, runs its tests
# (generator, analyzers, runtime, image builder against a real registry, build tasks, end-to-end
# builds of the samples against the SDK packed to the dev feed, their images run in Docker), then
# the samples' own unit tests. Before building, build/check-docs.sh checks every docs link; after it,
# `dotnet format` checks the code style.
# Prints "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if ! command -v dotnet >/dev/null; then
  echo "The .NET SDK (see global.json) must be on PATH." >&2
  exit 1
fi

# Image tests need a Docker engine, a loopback registry and a .NET base image built offline
# (build/test-env). Start them, and stop on exit only what this run started.
env_was_up=0; [ -f /run/pipelines-test/env ] && env_was_up=1
bash build/test-env/up.sh || { echo "build/test-env/up.sh failed"; exit 1; }
[ "$env_was_up" = 1 ] || trap 'bash build/test-env/down.sh' EXIT
# shellcheck disable=SC1091
. /run/pipelines-test/env

log="$(mktemp)"
status=0
run() { echo "+ $*"; "$@" 2>&1 | tee -a "$log"; local rc=${PIPESTATUS[0]}; [ "$rc" -eq 0 ] || status=$rc; return "$rc"; }

# Every docs link and section exists, and nothing points outside the repository: seconds, so first.
# A failure fails this run at the end; the tests still run.
run bash build/check-docs.sh || echo "docs check failed: fix the references build/check-docs.sh lists above"
run dotnet build Pipelines.Sdk.sln -c Release -nologo -clp:ErrorsOnly || { echo "build failed"; exit 1; }
# One code style (.editorconfig): whitespace and the code-style rules, as `dotnet format` applies them.
# (Not the `analyzers` pass: its workspace runs no source generators, so it reports the generated
# types as missing.) A failure fails this run at the end; the tests still run.
run dotnet format whitespace Pipelines.Sdk.sln --verify-no-changes -v:q || echo "format check failed: run 'dotnet format whitespace Pipelines.Sdk.sln' and 'dotnet format style Pipelines.Sdk.sln'"
run dotnet format style Pipelines.Sdk.sln --verify-no-changes --no-restore -v:q || echo "format check failed: run 'dotnet format style Pipelines.Sdk.sln'"
run dotnet test Pipelines.Sdk.sln -c Release --no-build -nologo
# The solution's end-to-end tests packed the SDK; pack again in case they were filtered out.
run bash build/pack-dev.sh
run dotnet test samples/ChurnPrediction/ChurnPrediction.Tests -c Release -nologo -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT"

# One closing line over every test project: "N passed, N failed".
awk '
  /^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) }
  }
  END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"
