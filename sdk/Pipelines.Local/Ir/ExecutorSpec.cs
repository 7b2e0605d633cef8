using System.Text.Json.Nodes;

namespace Pipelines.Local.Ir;

/// <summary>An entry of <c>deploymentSpec.executors</c>.</summary>
public abstract record ExecutorSpec(string Label);

/// <summary>A container executor: image, command, args (with placeholders), env and resources.</summary>
public sealed record ContainerExecutor(
    string Label,
    string Image,
    IReadOnlyList<JsonNode?> Command,
    IReadOnlyList<JsonNode?> Args,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string? CpuLimit,
    string? MemoryLimit,
    string? AcceleratorType,
    int AcceleratorCount) : ExecutorSpec(Label)
{
    /// <summary>An accelerator count given as a KFP placeholder (from a pipeline value), substituted per task before it runs.</summary>
    public string? AcceleratorCountPlaceholder { get; init; }
}

/// <summary>An importer: registers an existing artifact by URI.</summary>
public sealed record ImporterExecutor(string Label, string? ConstantUri, string? UriParameter, string SchemaTitle, string? SchemaVersion, JsonObject Metadata) : ExecutorSpec(Label);
