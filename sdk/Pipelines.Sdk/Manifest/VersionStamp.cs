using System.Text.Json.Nodes;

namespace Pipelines.Sdk.Manifest;

/// <summary>
/// Records the project version where it survives upload to KFP: in <c>pipelineInfo.description</c>.
/// Never in <c>pipelineInfo.name</c>, which is KFP's cache and lineage scope (docs/kfp-contract.md#pipeline-identity-and-versions).
/// </summary>
internal static class VersionStamp
{
    public static void Apply(JsonObject spec, string? version)
    {
        if (string.IsNullOrWhiteSpace(version) || spec["pipelineInfo"] is not JsonObject info) return;
        var description = info["description"]?.GetValue<string>();
        info["description"] = string.IsNullOrWhiteSpace(description)
            ? $"Version {version}"
            : $"{description} (version {version})";
    }
}
