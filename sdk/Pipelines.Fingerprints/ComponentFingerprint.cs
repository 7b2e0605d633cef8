namespace Pipelines.Fingerprints;

/// <summary>
/// A component's fingerprint: SHA-256 over its inputs (key and digest per line, in ordinal order).
/// Keys name what was hashed (<c>method [Assembly]Type::Name signature</c>, <c>type …</c>,
/// <c>package Id/Version</c>, <c>content path</c>, <c>setting name</c>…), so two builds' inputs
/// can be compared to say what changed.
/// </summary>
public sealed class ComponentFingerprint
{
    public ComponentFingerprint(string component, SortedDictionary<string, string> inputs)
    {
        Component = component;
        Inputs = inputs;
        using var hash = new CanonicalHash();
        foreach (var (key, value) in inputs) hash.Write(key).Write(value);
        Digest = hash.Finish();
    }

    public string Component { get; }
    /// <summary>Lowercase hex SHA-256.</summary>
    public string Digest { get; }
    public SortedDictionary<string, string> Inputs { get; }

    /// <summary>The packages (<c>Id/Version</c>) the component's image carries, when trimmed to what it can reach; every
    /// one is an input. Null: the image carries every package of the app and the app's own <c>.deps.json</c> (trimming
    /// off, no <c>.deps.json</c>, or a component whose reach cannot be known statically).</summary>
    public IReadOnlySet<string>? ImagePackages { get; init; }

    /// <summary>With <see cref="ImagePackages"/>: the <c>.deps.json</c> for the image, listing only those packages. Its
    /// content, project versions left out, is the <c>dependency manifest</c> input.</summary>
    public byte[]? DependencyManifest { get; init; }

    /// <summary>The inputs as text, one <c>digest  key</c> per line: what <c>PipelineExplainFingerprint</c> writes.</summary>
    public string Explain() => string.Concat(Inputs.Select(i => $"{(i.Value.Length == 0 ? "-" : i.Value)}  {i.Key}\n"));
}
