using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Fingerprints;

/// <summary>
/// The walks of one build and the fingerprints made from them, written down for the next build. Per walk (the entry
/// point's, each component's): where it started, which method bodies it read and a digest of them, what it found
/// outside the inputs (assemblies referenced, code found by name), and per fingerprint made from it the digest of the
/// fingerprint's other inputs (settings, spec, packages…) and the fingerprint's digest.
/// </summary>
/// <remarks>
/// <para>The next build takes a fingerprint's digest without walking when every assembly has the same shape, the walk
/// starts at the same methods, those bodies are the same (then the walk would find the same inputs:
/// <see cref="AssemblyShape"/> says why) and the other inputs hash the same (then the digest over all of them is the
/// same). So an edit inside one component's body walks that component again, not the 499 others nor the entry point,
/// and the cost of a build follows the edit.</para>
/// <para>Never believed blindly: a record of other fingerprinting code (another SDK: the rules of a walk are code), of
/// assemblies of another shape, or that does not end with the digest of its own bytes (torn, edited) is read as no
/// record. Lines, tab-separated: <c>pipelines-walks 1 &lt;code version&gt;</c>; <c>assembly &lt;name&gt;
/// &lt;shape&gt;</c> per assembly, in walk order; per walk <c>walk &lt;name&gt; &lt;start&gt; &lt;bodies&gt;
/// &lt;digest&gt; &lt;0|1 found code by name&gt;</c> followed by its <c>external &lt;name&gt; &lt;version&gt;</c> and
/// <c>fingerprint &lt;name&gt; &lt;other inputs' digest&gt; &lt;digest&gt;</c> lines; last <c>end &lt;SHA-256 of the
/// bytes before&gt;</c>.</para>
/// </remarks>
internal sealed class WalkRecord
{
    private const string Header = "pipelines-walks\t1\t";

    private static readonly string CodeVersion = typeof(WalkRecord).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly string? _file;
    private readonly IReadOnlyList<CodeAssembly> _assemblies;
    private Dictionary<string, Walk>? _walks;
    private bool _changed;

    private sealed class Walk(WalkResult result, string digest)
    {
        public WalkResult Result { get; } = result;
        public string Digest { get; } = digest;
        /// <summary>Fingerprint name → digest of its other inputs, its digest.</summary>
        public Dictionary<string, (string Context, string Digest)> Fingerprints { get; } = new(StringComparer.Ordinal);
        /// <summary>Its bodies were checked against the assemblies of this build.</summary>
        public bool Holds { get; set; }
    }

    private WalkRecord(string? file, IReadOnlyList<CodeAssembly> assemblies)
    {
        _file = file;
        _assemblies = assemblies;
    }

    /// <summary>The record in <paramref name="file"/> for walks over <paramref name="assemblies"/> (read when first asked);
    /// no file: nothing is reused or kept.</summary>
    public static WalkRecord Open(string? file, IReadOnlyList<CodeAssembly> assemblies) => new(file, assemblies);

    /// <summary>The recorded walk <paramref name="name"/>, when it started at <paramref name="start"/> and every body it
    /// read is unchanged (its <see cref="WalkResult.Inputs"/> are not kept: null); null otherwise.</summary>
    public WalkResult? Reuse(string name, string start)
    {
        if (_file is null || !Walks.TryGetValue(name, out var walk) || walk.Result.Start != start) return null;
        if (!walk.Holds)
        {
            if (BodiesDigest(walk.Result.Bodies) != walk.Digest) return null;
            walk.Holds = true;
        }
        return walk.Result;
    }

    /// <summary>The digest recorded for the fingerprint <paramref name="fingerprint"/> made from the walk
    /// <paramref name="walk"/>, when that walk holds (<see cref="Reuse"/> or <see cref="Walked"/> in this build) and the
    /// fingerprint's other inputs hash to <paramref name="context"/> as they did; null otherwise.</summary>
    public string? Fingerprint(string walk, string fingerprint, string context) =>
        _file is not null && Walks.TryGetValue(walk, out var recorded) && recorded.Holds
        && recorded.Fingerprints.TryGetValue(fingerprint, out var made) && made.Context == context ? made.Digest : null;

    /// <summary>Records a walk made in this build, replacing an earlier one of the name and the fingerprints made from it.</summary>
    public void Walked(string name, WalkResult result)
    {
        if (_file is null) return;
        Walks[name] = new Walk(result with { Inputs = null }, BodiesDigest(result.Bodies)) { Holds = true };
        _changed = true;
    }

    /// <summary>Records the fingerprint made from the walk <paramref name="walk"/> (recorded or walked in this build).</summary>
    public void Fingerprinted(string walk, string fingerprint, string context, string digest)
    {
        if (_file is null || !Walks.TryGetValue(walk, out var recorded) || !recorded.Holds) return;
        if (recorded.Fingerprints.TryGetValue(fingerprint, out var made) && made == (context, digest)) return;
        recorded.Fingerprints[fingerprint] = (context, digest);
        _changed = true;
    }

    /// <summary>Writes the record when something was added. A name or value with a tab or a line break cannot be written:
    /// that walk is left out, and the next build makes it again.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save()
    {
        if (_file is null || !_changed) return;
        var text = new StringBuilder(Header).Append(CodeVersion).Append('\n');
        foreach (var assembly in _assemblies) text.Append($"assembly\t{assembly.Name}\t{assembly.Shape}\n");
        foreach (var (name, walk) in Walks.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            var result = walk.Result;
            var writable = !Unwritable(name) && !Unwritable(result.Start) && !walk.Fingerprints.Keys.Any(Unwritable)
                && !result.ExternalAssemblies.Any(e => Unwritable(e.Key) || Unwritable(e.Value));
            if (!writable) continue;
            text.Append($"walk\t{name}\t{result.Start}\t{result.Bodies}\t{walk.Digest}\t{(result.FoundCodeByName ? 1 : 0)}\n");
            foreach (var (assembly, version) in result.ExternalAssemblies) text.Append($"external\t{assembly}\t{version}\n");
            foreach (var (fingerprint, (context, digest)) in walk.Fingerprints.OrderBy(f => f.Key, StringComparer.Ordinal))
                text.Append($"fingerprint\t{fingerprint}\t{context}\t{digest}\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var end = Encoding.UTF8.GetBytes($"end\t{Convert.ToHexStringLower(SHA256.HashData(bytes))}\n");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_file))!);
        var temporary = $"{_file}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                stream.Write(bytes);
                stream.Write(end);
            }
            File.Move(temporary, _file, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        _changed = false;
    }

    private Dictionary<string, Walk> Walks => _walks ??= Load();

    private static bool Unwritable(string text) => text.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0;

    /// <summary>SHA-256 over the bodies listed (assembly index, row, the body with the strings it loads); empty when the
    /// list names no method of these assemblies.</summary>
    private string BodiesDigest(string bodies)
    {
        using var hash = new CanonicalHash();
        foreach (var part in bodies.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':');
            if (colon < 0 || !int.TryParse(part.AsSpan(0, colon), out var index) || index < 0 || index >= _assemblies.Count) return "";
            var assembly = _assemblies[index];
            var rowCount = assembly.Reader.GetTableRowCount(TableIndex.MethodDef);
            foreach (var text in part[(colon + 1)..].Split(','))
            {
                if (!int.TryParse(text, out var row) || row < 1 || row > rowCount) return "";
                hash.Write(index).Write(row);
                AssemblyShape.WriteBody(assembly, MetadataTokens.MethodDefinitionHandle(row), hash);
            }
        }
        return hash.Finish();
    }

    /// <summary>The walks of the file when it holds for these assemblies and this code; none otherwise.</summary>
    private Dictionary<string, Walk> Load()
    {
        var none = new Dictionary<string, Walk>(StringComparer.Ordinal);
        byte[] bytes;
        try
        {
            if (!File.Exists(_file)) return none;
            bytes = File.ReadAllBytes(_file!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return none;
        }
        // The last line is "end <digest of every byte before it>\n".
        if (bytes.Length < 2 || bytes[^1] != (byte)'\n') return none;
        var lastLine = bytes.AsSpan(0, bytes.Length - 1).LastIndexOf((byte)'\n') + 1;
        var expected = Encoding.UTF8.GetBytes($"end\t{Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, lastLine)))}\n");
        if (!bytes.AsSpan(lastLine).SequenceEqual(expected)) return none;

        var walks = new Dictionary<string, Walk>(StringComparer.Ordinal);
        var lines = Encoding.UTF8.GetString(bytes, 0, lastLine).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header + CodeVersion) return none;
        var assemblies = 0;
        Walk? current = null;
        foreach (var line in lines.AsSpan(1))
        {
            var fields = line.Split('\t');
            switch (fields[0])
            {
                case "assembly" when fields.Length == 3 && current is null && assemblies < _assemblies.Count:
                    // Another shape of any assembly: any walk may have read what changed.
                    if (fields[1] != _assemblies[assemblies].Name || fields[2] != _assemblies[assemblies].Shape) return none;
                    assemblies++;
                    break;
                case "walk" when fields.Length == 6 && assemblies == _assemblies.Count:
                    current = new Walk(new WalkResult(fields[2], fields[3], null, new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase), fields[5] == "1"), fields[4]);
                    walks[fields[1]] = current;
                    break;
                case "external" when fields.Length == 3 && current is not null:
                    current.Result.ExternalAssemblies[fields[1]] = fields[2];
                    break;
                case "fingerprint" when fields.Length == 4 && current is not null:
                    current.Fingerprints[fields[1]] = (fields[2], fields[3]);
                    break;
                default:
                    return none; // not a record this code writes
            }
        }
        return assemblies == _assemblies.Count ? walks : none;
    }
}
