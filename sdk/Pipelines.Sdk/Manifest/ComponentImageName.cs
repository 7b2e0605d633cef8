namespace Pipelines.Sdk.Manifest;

/// <summary>
/// The one formula for a component's image name: repository <c>prefix/component</c>, named
/// <c>[registry/]prefix/component</c> and tagged. The image step builds and pushes under it; when
/// the build does not make images (<c>PipelineBuildImages=false</c>) the executor names it as is,
/// or one image given for every component. Validated with the image library's reference parser.
/// </summary>
internal static class ComponentImageName
{
    /// <summary>The repository within the registry: <c>prefix/component</c> (no prefix: the component).</summary>
    public static string Repository(string prefix, string component) =>
        string.Join('/', new[] { prefix.Trim().Trim('/'), component }.Where(p => p.Length > 0));

    /// <summary>The repository with the registry in front, when there is one.</summary>
    public static string Name(string? registry, string repository) =>
        string.IsNullOrWhiteSpace(registry) ? repository : $"{registry.Trim().TrimEnd('/')}/{repository}";

    /// <summary>The tag of a component's image when no <c>PipelineImageTag</c> is set: derived from its fingerprint, so it
    /// changes exactly when what the component can run changes (16 hex digits: 64 bits).</summary>
    public static string FingerprintTag(string fingerprintDigest) => "fp-" + fingerprintDigest[..16];

    /// <summary>The image a component's executor names when the build makes none.</summary>
    /// <exception cref="FormatException">The parts do not make a valid OCI reference.</exception>
    public static string For(string component, string? image, string? registry, string prefix, string tag)
    {
        if (!string.IsNullOrWhiteSpace(image)) return image.Trim();
        var reference = Name(registry, Repository(prefix, component)) + ":" + tag;
        if (!Images.ImageReference.TryParse(reference, out _))
            throw new FormatException($"'{reference}' is not a valid image reference: repositories use lowercase letters, digits and separators (. _ - /), tags up to 128 letters, digits, '_', '.' and '-'");
        return reference;
    }
}
