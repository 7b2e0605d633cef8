using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Fingerprints;

namespace Pipelines.Sdk.Manifest;

/// <summary>
/// The previous build's fingerprints, kept so the build can say which inputs of a component changed: a folder with
/// <c>digests.json</c> (name → fingerprint digest) and <c>&lt;name&gt;.json</c> (the inputs, key → digest) per name.
/// </summary>
/// <remarks>One file per name, and a small index of digests, so that the cost follows the change, not the project: a
/// build reads the index, reads the inputs of only the names whose digest changed (to describe the change) and writes
/// only those (a single file for all of them, 0.9 MB at 500 components, was read and rewritten by every build). Inputs
/// are written before the index names their digest, so a build killed in between leaves an index that is merely behind.</remarks>
internal sealed class FingerprintStore
{
    private const string IndexFile = "digests.json";
    private readonly string _directory;
    private readonly Dictionary<string, string> _digests = new(StringComparer.Ordinal);

    /// <summary>Opens the store in <paramref name="directory"/>; an unreadable or missing index is an empty store (first
    /// build, an older SDK's layout, or damage: only the "changed: …" explanation depends on it).</summary>
    public FingerprintStore(string directory)
    {
        _directory = directory;
        try
        {
            var path = Path.Combine(directory, IndexFile);
            if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject index)
            {
                foreach (var (name, digest) in index)
                    if (digest is JsonValue value && value.TryGetValue(out string? text)) _digests[name] = text;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            _digests.Clear();
        }
    }

    /// <summary>"unchanged", "first build", or "changed: …" naming the inputs that differ from the recorded ones.</summary>
    public string Describe(ComponentFingerprint fingerprint)
    {
        if (!_digests.TryGetValue(fingerprint.Component, out var recorded)) return "first build";
        if (recorded == fingerprint.Digest) return "unchanged";
        // Taken whole from the walk record, which a build interrupted before this store was saved left ahead of it.
        if (fingerprint.Inputs is null) return "changed (in an interrupted build)";
        return ReadInputs(fingerprint.Component) is { } previous ? FingerprintChanges.Describe(previous, fingerprint.Inputs) : "first build";
    }

    /// <summary>Records exactly these fingerprints: writes the inputs of each whose digest is not the recorded one, then
    /// the index, and removes the files of names no longer recorded.</summary>
    public void Save(IReadOnlyCollection<ComponentFingerprint> fingerprints)
    {
        Directory.CreateDirectory(_directory);
        foreach (var fingerprint in fingerprints)
        {
            if (_digests.GetValueOrDefault(fingerprint.Component) == fingerprint.Digest) continue;
            if (fingerprint.Inputs is null)
            {
                File.Delete(InputsPath(fingerprint.Component)); // inputs of another digest: describing against them would mislead
                continue;
            }
            var inputs = new JsonObject();
            foreach (var (key, value) in fingerprint.Inputs) inputs[key] = value;
            AtomicFile.WriteAllTextIfChanged(InputsPath(fingerprint.Component),
                new JsonObject { ["digest"] = fingerprint.Digest, ["inputs"] = inputs }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        var names = fingerprints.Select(f => f.Component).ToHashSet(StringComparer.Ordinal);
        var stale = !names.SetEquals(_digests.Keys);
        var index = new JsonObject();
        foreach (var fingerprint in fingerprints.OrderBy(f => f.Component, StringComparer.Ordinal)) index[fingerprint.Component] = fingerprint.Digest;
        AtomicFile.WriteAllTextIfChanged(Path.Combine(_directory, IndexFile), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        _digests.Clear();
        foreach (var fingerprint in fingerprints) _digests[fingerprint.Component] = fingerprint.Digest;
        if (stale) AtomicFile.DeleteStale(_directory, "*.json", [Path.Combine(_directory, IndexFile), .. names.Select(InputsPath)]);
    }

    /// <summary>Forgets everything recorded (the index goes first, so nothing is described against inputs being replaced).</summary>
    public void Clear()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        _digests.Clear();
    }

    private Dictionary<string, string>? ReadInputs(string name)
    {
        try
        {
            var path = InputsPath(name);
            if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))?["inputs"] is not JsonObject inputs) return null;
            return inputs.Where(i => i.Value is JsonValue).ToDictionary(i => i.Key, i => i.Value!.GetValue<string>(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private string InputsPath(string name) => Path.Combine(_directory, name + ".json");
}
