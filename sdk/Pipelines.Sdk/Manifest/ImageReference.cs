namespace Pipelines.Sdk.Manifest;

/// <summary>
/// The image reference a component's executor names when the build does not make images
/// (<c>PipelineBuildImages=false</c>): <c>[registry/]prefix/component:tag</c>, or one image for
/// every component. Validated with the image library's reference parser.
/// </summary>
internal static class ImageReference
{
    /// <exception cref="FormatException">The parts do not make a valid OCI reference.</exception>
    public static string For(string component, string? image, string? registry, string prefix, string tag)
    {
        if (!string.IsNullOrWhiteSpace(image)) return image.Trim();
        string reference = string.Join('/', new[] { registry?.Trim().TrimEnd('/'), prefix.Trim().Trim('/'), component }.Where(p => !string.IsNullOrEmpty(p))) + ":" + tag;
        if (!Images.ImageReference.TryParse(reference, out _))
            throw new FormatException($"'{reference}' is not a valid image reference: repositories use lowercase letters, digits and separators (. _ - /), tags up to 128 letters, digits, '_', '.' and '-'");
        return reference;
    }
}
