using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Sdk.Manifest;

/// <summary>
/// Remembers, per output file, a key of everything the file was made from, and the file's length and time stamp when it
/// was made: a later build with the same key skips making it again while the file is still the one it wrote. Lets a
/// step that writes N files (the component YAML) do work for the inputs that changed, not for all N. The file in obj/
/// is only an optimisation: unreadable or missing, everything is made again.
/// </summary>
internal sealed class OutputCache
{
    private readonly string? _path;
    private readonly Dictionary<string, (string Key, long Length, long Written)> _entries;
    private bool _changed;

    private OutputCache(string? path, Dictionary<string, (string, long, long)> entries)
    {
        _path = path;
        _entries = entries;
    }

    /// <summary>A key over the parts (the fingerprints' canonical hash: SHA-256, each part length-prefixed).</summary>
    public static string Key(params string[] parts)
    {
        using var hash = new Pipelines.Fingerprints.CanonicalHash();
        foreach (var part in parts) hash.Write(part);
        return hash.Finish();
    }

    /// <summary>A cache backed by <paramref name="path"/>; null or empty: a cache that remembers nothing.</summary>
    public static OutputCache Load(string? path)
    {
        var entries = new Dictionary<string, (string, long, long)>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(path)) return new OutputCache(null, entries);
        try
        {
            if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject root)
            {
                foreach (var (output, node) in root)
                {
                    if (node?["key"]?.GetValue<string>() is { } key && node["length"] is JsonValue length && node["written"] is JsonValue written)
                        entries[output] = (key, length.GetValue<long>(), written.GetValue<long>());
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            entries.Clear();
        }
        return new OutputCache(path, entries);
    }

    /// <summary>True when <paramref name="output"/> was made from <paramref name="key"/> and is still the file made then.</summary>
    public bool IsCurrent(string output, string key)
    {
        if (_path is null || !_entries.TryGetValue(output, out var entry) || entry.Key != key) return false;
        var file = new FileInfo(output);
        return file.Exists && file.Length == entry.Length && file.LastWriteTimeUtc.Ticks == entry.Written;
    }

    /// <summary>Records that <paramref name="output"/>, as it is on disk now, was made from <paramref name="key"/>.</summary>
    public void Record(string output, string key)
    {
        if (_path is null) return;
        var file = new FileInfo(output);
        if (!file.Exists) { _changed |= _entries.Remove(output); return; }
        var entry = (key, file.Length, file.LastWriteTimeUtc.Ticks);
        if (_entries.TryGetValue(output, out var old) && old == entry) return;
        _entries[output] = entry;
        _changed = true;
    }

    /// <summary>Forgets the outputs not in <paramref name="keep"/>, and writes the cache file when something changed.</summary>
    public void Save(IEnumerable<string> keep)
    {
        if (_path is null) return;
        var kept = new HashSet<string>(keep, StringComparer.Ordinal);
        foreach (var output in _entries.Keys.Where(o => !kept.Contains(o)).ToList()) _changed |= _entries.Remove(output);
        if (!_changed) return;
        var root = new JsonObject();
        foreach (var (output, (key, length, written)) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            root[output] = new JsonObject { ["key"] = key, ["length"] = length, ["written"] = written };
        AtomicFile.WriteAllTextIfChanged(_path, root.ToJsonString());
    }
}
