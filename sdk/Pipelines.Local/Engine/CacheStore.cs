using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Local;

/// <summary>Succeeded tasks' outputs by fingerprint, one JSON file each under
/// <c>&lt;cache root&gt;/&lt;pipeline&gt;/&lt;key&gt;.json</c>. An entry whose artifacts are gone is a miss.</summary>
internal sealed class CacheStore(string root)
{
    public string Root { get; } = root;

    public sealed record Entry(Dictionary<string, JsonNode?> Parameters, Dictionary<string, IReadOnlyList<RuntimeArtifact>> Artifacts, string RunId, string TaskPath);

    /// <summary>The cached outputs, or null with the reason it is a miss.</summary>
    public Entry? TryGet(string pipeline, string key, out string missReason)
    {
        var file = FileOf(pipeline, key);
        if (!File.Exists(file)) { missReason = $"no cached result (key {key[..12]})"; return null; }
        try
        {
            var o = (JsonObject)JsonNode.Parse(File.ReadAllText(file))!;
            var parameters = ((JsonObject)o["parameters"]!).ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
            var artifacts = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(StringComparer.Ordinal);
            foreach (var (name, list) in (JsonObject)o["artifacts"]!)
                artifacts[name] = ((JsonArray)list!).Select(a => RuntimeArtifact.FromJson((JsonObject)a!)).ToList();
            // Only what was on disk when the task succeeded must still be there (metrics artifacts may be metadata only).
            foreach (var onDisk in (o["files"] as JsonArray ?? []).Select(f => f!.ToString()))
                if (!File.Exists(onDisk) && !Directory.Exists(onDisk)) { missReason = $"a cached artifact is gone ({onDisk})"; return null; }
            missReason = "";
            return new Entry(parameters, artifacts, o["runId"]?.ToString() ?? "", o["taskPath"]?.ToString() ?? "");
        }
        catch (Exception e) when (e is JsonException or InvalidCastException or NullReferenceException or IOException)
        {
            missReason = $"cache entry unreadable ({e.Message})";
            return null;
        }
    }

    public void Put(string pipeline, string key, IReadOnlyDictionary<string, JsonNode?> parameters, IReadOnlyDictionary<string, IReadOnlyList<RuntimeArtifact>> artifacts, string runId, string taskPath)
    {
        var o = new JsonObject
        {
            ["runId"] = runId,
            ["taskPath"] = taskPath,
            ["parameters"] = new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
            ["files"] = new JsonArray(artifacts.Values.SelectMany(l => l).Select(a => a.LocalPath)
                .Where(p => File.Exists(p) || Directory.Exists(p)).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            ["artifacts"] = new JsonObject(artifacts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Select(a => (JsonNode)a.ToJson()).ToArray())))),
        };
        var file = FileOf(pipeline, key);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, o.ToJsonString());
        File.Move(temp, file, overwrite: true);
    }

    private string FileOf(string pipeline, string key) => Path.Combine(Root, pipeline, key + ".json");
}
