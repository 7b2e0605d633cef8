using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Fingerprints;

/// <summary>
/// The app's <c>&lt;app&gt;.deps.json</c>: which NuGet packages it has and what each depends on, and the same file
/// trimmed to some of the packages. The .NET host refuses to start when the file names an assembly that is missing,
/// so an image that leaves packages out needs a copy with those packages removed consistently: their <c>targets</c>
/// entries, their <c>libraries</c> entries and every <c>dependencies</c> reference to them. Libraries that are not
/// packages (the app and its project references) are always kept. Package keys are <c>Id/Version</c>, compared
/// ignoring case (NuGet ids are case-insensitive; MSBuild metadata and the file may spell them differently).
/// </summary>
public sealed class DependencyManifest
{
    private const string Masked = "*";
    private readonly JsonObject _root;
    private readonly Dictionary<string, string> _types = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> _dependencies = new(StringComparer.OrdinalIgnoreCase);

    private DependencyManifest(JsonObject root)
    {
        _root = root;
        if (root["libraries"] is JsonObject libraries)
        {
            foreach (var (key, value) in libraries) _types[key] = value?["type"]?.GetValue<string>() ?? "";
        }
        // A library's dependencies name other libraries by id, with the version that was resolved for them.
        var byId = _types.Keys.ToLookup(Id, StringComparer.OrdinalIgnoreCase);
        foreach (var target in Targets())
        {
            foreach (var (key, entry) in target)
            {
                if (!_dependencies.TryGetValue(key, out var list)) _dependencies[key] = list = [];
                if (entry?["dependencies"] is not JsonObject dependencies) continue;
                foreach (var (id, version) in dependencies)
                {
                    var wanted = id + "/" + version?.GetValue<string>();
                    if (byId[id].FirstOrDefault(k => string.Equals(k, wanted, StringComparison.OrdinalIgnoreCase)) is { } found) list.Add(found);
                }
            }
        }
    }

    /// <exception cref="JsonException">The file is not a deps.json.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static DependencyManifest Read(string path) => Parse(File.ReadAllBytes(path));

    /// <exception cref="JsonException">The bytes are not a deps.json.</exception>
    public static DependencyManifest Parse(ReadOnlySpan<byte> json)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        if (root?["targets"] is not JsonObject || root["libraries"] is not JsonObject)
            throw new JsonException("not a .deps.json file: no 'targets' and 'libraries' objects");
        try
        {
            return new DependencyManifest(root);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("not a .deps.json file: " + e.Message, e); // a type or a version that is not a string
        }
    }

    /// <summary>The NuGet packages (<c>Id/Version</c>) the file lists.</summary>
    public IReadOnlyList<string> Packages => _types.Where(t => IsPackage(t.Value)).Select(t => t.Key).ToList();

    /// <summary><paramref name="packages"/> and every package they depend on, transitively (NuGet's dependencies, not
    /// assembly references: they bring packages the code loads without referencing them, such as native-only ones), in
    /// the file's own spelling. Packages the file does not list are kept as given.</summary>
    public SortedSet<string> WithDependencies(IEnumerable<string> packages)
    {
        var canonical = _types.Keys.ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);
        var result = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(packages.Select(p => canonical.GetValueOrDefault(p, p)));
        while (queue.Count > 0)
        {
            var package = queue.Dequeue();
            if (!result.Add(package)) continue;
            foreach (var dependency in _dependencies.GetValueOrDefault(package) ?? [])
                if (IsPackage(_types[dependency])) queue.Enqueue(dependency);
        }
        return result;
    }

    /// <summary>The file with only the packages in <paramref name="keep"/> (and every library that is not a package).
    /// Entries keep the order they have in the file (the SDK writes it deterministically, the app's own entry first);
    /// written indented with <c>\n</c> line ends and nothing that depends on the time or the machine, so the same file
    /// and set give the same bytes.</summary>
    /// <param name="maskProjectVersions">Replace the versions of the app and its project references with <c>*</c> and
    /// drop their assemblies' version metadata: the form a fingerprint hashes, since versions are deliberately not
    /// fingerprint inputs (the host does not resolve project assemblies by version).</param>
    public byte[] Trim(IReadOnlySet<string> keep, bool maskProjectVersions = false)
    {
        bool Kept(string key) => !_types.TryGetValue(key, out var type) || !IsPackage(type) || keep.Contains(key);
        bool IsProject(string key) => _types.TryGetValue(key, out var type) && !IsPackage(type);
        string Name(string key) => maskProjectVersions && IsProject(key) ? Id(key) + "/" + Masked : key;
        var projectIds = _types.Where(t => !IsPackage(t.Value)).Select(t => Id(t.Key)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            // As the SDK writes it ('+' of the sha512 hashes unescaped); fixed, so the bytes are too.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            foreach (var (property, value) in _root)
            {
                w.WritePropertyName(property);
                if (property == "targets" && value is JsonObject targets)
                {
                    w.WriteStartObject();
                    foreach (var (targetName, target) in targets)
                    {
                        w.WritePropertyName(targetName);
                        if (target is not JsonObject entries)
                        {
                            Write(w, target);
                            continue;
                        }
                        w.WriteStartObject();
                        foreach (var (key, entry) in entries.Where(e => Kept(e.Key)))
                        {
                            w.WritePropertyName(Name(key));
                            WriteTargetEntry(w, entry, IsProject(key) && maskProjectVersions, projectIds, Kept);
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                else if (property == "libraries" && value is JsonObject libraries)
                {
                    w.WriteStartObject();
                    foreach (var (key, library) in libraries.Where(l => Kept(l.Key)))
                    {
                        w.WritePropertyName(Name(key));
                        Write(w, library);
                    }
                    w.WriteEndObject();
                }
                else
                {
                    Write(w, value);
                }
            }
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();

        void WriteTargetEntry(Utf8JsonWriter w, JsonNode? entry, bool maskAssets, HashSet<string> projectIds, Func<string, bool> kept)
        {
            if (entry is not JsonObject properties)
            {
                Write(w, entry);
                return;
            }
            w.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                w.WritePropertyName(name);
                if (name == "dependencies" && value is JsonObject dependencies)
                {
                    // A reference to a dropped package goes with it; a project's version is masked like its key.
                    w.WriteStartObject();
                    foreach (var (id, version) in dependencies.Where(d => kept(d.Key + "/" + d.Value?.GetValue<string>())))
                    {
                        if (maskProjectVersions && projectIds.Contains(id))
                        {
                            w.WriteString(id, Masked);
                        }
                        else
                        {
                            w.WritePropertyName(id);
                            Write(w, version);
                        }
                    }
                    w.WriteEndObject();
                }
                else if (maskAssets && value is JsonObject assets)
                {
                    // A project's assemblies carry its version (assemblyVersion, fileVersion): names only.
                    w.WriteStartObject();
                    foreach (var (asset, _) in assets)
                    {
                        w.WritePropertyName(asset);
                        w.WriteStartObject();
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                else
                {
                    Write(w, value);
                }
            }
            w.WriteEndObject();
        }
    }

    private IEnumerable<JsonObject> Targets() => (_root["targets"] as JsonObject ?? []).Select(t => t.Value).OfType<JsonObject>();

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        if (node is null) w.WriteNullValue();
        else node.WriteTo(w);
    }

    private static bool IsPackage(string type) => string.Equals(type, "package", StringComparison.OrdinalIgnoreCase);

    private static string Id(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? key : key[..slash];
    }
}
