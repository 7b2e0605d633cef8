using System.Text.Json.Nodes;

namespace Pipelines.Local.Ir;

/// <summary>An input or output parameter of a component (<c>inputDefinitions.parameters.x</c>).</summary>
public sealed record ParameterDefinition(string Name, string Type, JsonNode? DefaultValue, bool IsOptional);

/// <summary>An input or output artifact of a component.</summary>
public sealed record ArtifactDefinition(string Name, string SchemaTitle, string? SchemaVersion, bool IsList);

/// <summary>The inputs or outputs of a component.</summary>
public sealed record Interface(IReadOnlyDictionary<string, ParameterDefinition> Parameters, IReadOnlyDictionary<string, ArtifactDefinition> Artifacts)
{
    public static Interface Empty { get; } = new(new Dictionary<string, ParameterDefinition>(), new Dictionary<string, ArtifactDefinition>());
}
