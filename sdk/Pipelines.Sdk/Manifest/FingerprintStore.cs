using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Fingerprints;

namespace Pipelines.Sdk.Manifest;

/// <summary>
/// The previous build's fingerprint inputs (<c>obj/…/pipelines/fingerprints.json</c>: component → input key →
/// digest), kept so the build can say which inputs of a component changed.
/// </summary>
internal static class FingerprintStore
{
    /// <summary>Component → inputs; empty when there is no readable file (first build, or one from an older SDK).</summary>
    public static Dictionary<string, Dictionary<string, string>> Read(string path)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root) return result;
            foreach (var (component, node) in root)
            {
                if (node?["inputs"] is not JsonObject inputs) continue;
                result[component] = inputs.Where(i => i.Value is JsonValue).ToDictionary(i => i.Key, i => i.Value!.GetValue<string>(), StringComparer.Ordinal);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or FormatException)
        {
            // Only the "changed:" explanation depends on it: start over.
        }
        return result;
    }

    public static void Write(string path, IEnumerable<ComponentFingerprint> fingerprints)
    {
        var root = new JsonObject();
        foreach (var fingerprint in fingerprints)
        {
            var inputs = new JsonObject();
            foreach (var (key, value) in fingerprint.Inputs) inputs[key] = value;
            root[fingerprint.Component] = new JsonObject { ["digest"] = fingerprint.Digest, ["inputs"] = inputs };
        }
        AtomicFile.WriteAllTextIfChanged(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
