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
        Digest = DigestOf(inputs);
    }

    private ComponentFingerprint(string component, string digest)
    {
        Component = component;
        Digest = digest;
    }

    /// <summary>A fingerprint the previous build made from the same inputs (<see cref="WalkRecord"/>): its digest, not
    /// its inputs.</summary>
    internal static ComponentFingerprint Recorded(string component, string digest, IReadOnlySet<string>? imagePackages = null, byte[]? dependencyManifest = null) =>
        new(component, digest) { ImagePackages = imagePackages, DependencyManifest = dependencyManifest };

    public string Component { get; }
    /// <summary>Lowercase hex SHA-256.</summary>
    public string Digest { get; }
    /// <summary>Input key → digest; null for a fingerprint taken from the previous build's record (<see cref="Recorded"/>):
    /// it is the same as then, input for input.</summary>
    public SortedDictionary<string, string>? Inputs { get; }

    /// <summary>SHA-256 over inputs: key and value per input, in ordinal order of the keys.</summary>
    internal static string DigestOf(SortedDictionary<string, string> inputs)
    {
        using var hash = new CanonicalHash();
        foreach (var (key, value) in inputs) hash.Write(key).Write(value);
        return hash.Finish();
    }

    /// <summary>The packages (<c>Id/Version</c>) the component's image carries, when trimmed to what it can reach; every
    /// one is an input. Null: the image carries every package of the app and the app's own <c>.deps.json</c> (trimming
    /// off, no <c>.deps.json</c>, or a component whose reach cannot be known statically).</summary>
    public IReadOnlySet<string>? ImagePackages { get; init; }

    /// <summary>With <see cref="ImagePackages"/>: the <c>.deps.json</c> for the image, listing only those packages. Its
    /// content, project versions left out, is the <c>dependency manifest</c> input.</summary>
    public byte[]? DependencyManifest { get; init; }

    /// <summary>The inputs as text, one <c>digest  key</c> per line: what <c>PipelineExplainFingerprint</c> writes.</summary>
    /// <exception cref="InvalidOperationException">A <see cref="Recorded"/> fingerprint: its inputs are not known.</exception>
    public string Explain() => Inputs is null
        ? throw new InvalidOperationException($"The fingerprint of '{Component}' was taken from the previous build: its inputs are not known here.")
        : string.Concat(Inputs.Select(i => $"{(i.Value.Length == 0 ? "-" : i.Value)}  {i.Key}\n"));
}
