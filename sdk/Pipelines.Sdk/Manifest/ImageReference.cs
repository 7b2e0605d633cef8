using System.Text.RegularExpressions;

namespace Pipelines.Sdk.Manifest;

/// <summary>
/// The image reference a component's executor names, until the build produces images itself:
/// <c>[registry/]prefix/component:tag</c>, or one image for every component.
/// </summary>
internal static partial class ImageReference
{
    /// <exception cref="FormatException">A part is not valid in an OCI reference.</exception>
    public static string For(string component, string? image, string? registry, string prefix, string tag)
    {
        if (!string.IsNullOrWhiteSpace(image)) return image.Trim();
        string repository = string.Join('/', new[] { registry?.Trim().TrimEnd('/'), prefix.Trim().Trim('/'), component }.Where(p => !string.IsNullOrEmpty(p)));
        string path = string.IsNullOrEmpty(registry) ? repository : repository[(registry.Trim().TrimEnd('/').Length + 1)..];
        if (!RepositoryPath().IsMatch(path))
            throw new FormatException($"'{path}' is not a valid image repository: use lowercase letters, digits and separators (. _ - /)");
        if (!Tag().IsMatch(tag))
            throw new FormatException($"'{tag}' is not a valid image tag: use up to 128 letters, digits, '_', '.' and '-'");
        return $"{repository}:{tag}";
    }

    /// <summary>A tag from a version: '+' (build metadata) is not allowed in tags, so it becomes '-'.</summary>
    public static string TagFromVersion(string version) => version.Replace('+', '-');

    // OCI distribution spec: path components of [a-z0-9]+ joined by separators.
    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex Tag();
}
