using System.Text.Json.Nodes;

namespace Pipelines.Local;

/// <summary>An artifact as KFP's driver passes it: identity name, URI (a local absolute path here), type and metadata.</summary>
public sealed record RuntimeArtifact(string Name, string Uri, string SchemaTitle, string? SchemaVersion, JsonObject Metadata)
{
    /// <summary>Where the artifact is on this machine.</summary>
    public string LocalPath => Placeholders.LocalPath(Uri);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = SchemaVersion is null ? new JsonObject { ["schemaTitle"] = SchemaTitle } : new JsonObject { ["schemaTitle"] = SchemaTitle, ["schemaVersion"] = SchemaVersion },
        ["uri"] = Uri,
        ["metadata"] = Metadata.DeepClone(),
    };

    public static RuntimeArtifact FromJson(JsonObject o) => new(
        o["name"]?.ToString() ?? "",
        o["uri"]?.ToString() ?? "",
        o["type"]?["schemaTitle"]?.ToString() ?? "system.Artifact",
        o["type"]?["schemaVersion"]?.ToString(),
        o["metadata"] as JsonObject is { } m ? (JsonObject)m.DeepClone() : new JsonObject());
}
