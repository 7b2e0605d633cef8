namespace Pipelines.Images;

/// <summary>The text a user gives for a base image (MSBuild's <c>PipelineBaseImage</c>), and where it leads:
/// <list type="bullet">
/// <item><c>oci:&lt;dir&gt;[:&lt;ref name&gt;]</c>: an OCI image layout directory, optionally one entry of it;</item>
/// <item><c>docker-archive:&lt;file&gt;</c>: a <c>docker save</c> tar or an OCI archive;</item>
/// <item>anything else: a registry reference (<c>mcr.microsoft.com/dotnet/runtime:10.0</c>, <c>…@sha256:…</c>).</item>
/// </list></summary>
public static class BaseImageSpecifier
{
    private const string OciLayoutPrefix = "oci:";
    private const string ArchivePrefix = "docker-archive:";

    public static async Task<BaseImage> ResolveAsync(string specifier, RegistryClient registry, BlobCache cache, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ResolveCoreAsync(specifier, registry, cache, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            // Valid JSON of the wrong shape (an array where an object belongs, a size that is not an integer): the
            // readers check what they use, and this catches what they do not, so a malformed base is an error, not a crash.
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"the base image '{specifier.Trim()}' is malformed: {e.Message}", e);
        }
    }

    private static Task<BaseImage> ResolveCoreAsync(string specifier, RegistryClient registry, BlobCache cache, CancellationToken cancellationToken)
    {
        var value = specifier.Trim();
        if (value.Length == 0)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, "the base image is empty (set PipelineBaseImage)");
        }
        if (value.StartsWith(OciLayoutPrefix, StringComparison.Ordinal))
        {
            var (directory, refName) = SplitOciLayout(PathAfter(value, OciLayoutPrefix, "oci:<layout folder>[:<ref name>]"));
            return BaseImage.FromOciLayoutAsync(directory, refName, cancellationToken: cancellationToken);
        }
        if (value.StartsWith(ArchivePrefix, StringComparison.Ordinal))
        {
            return BaseImage.FromArchiveAsync(PathAfter(value, ArchivePrefix, "docker-archive:<file>"), cache, cancellationToken: cancellationToken);
        }
        return BaseImage.FromRegistryAsync(ImageReference.Parse(value), registry, cache, cancellationToken: cancellationToken);
    }

    /// <summary>The path after <paramref name="prefix"/>; none (an unset variable in <c>oci:$(Layout)</c>, say) is a bad reference.</summary>
    private static string PathAfter(string value, string prefix, string form)
    {
        var path = value[prefix.Length..].Trim();
        return path.Length > 0 ? path
            : throw new ImageBuildException(ImageErrorCodes.BadReference, $"the base image '{value}' names no path: write {form}");
    }

    /// <summary><c>&lt;dir&gt;[:&lt;ref name&gt;]</c>. Both halves may contain ':' (a path; a ref name such as
    /// <c>kfp/clean:1.0</c>), so the directory is the whole text when it exists, else the shortest prefix before a ':'
    /// that is an existing directory. With none, the whole text is taken as the directory, and reading it says so.</summary>
    internal static (string Directory, string? RefName) SplitOciLayout(string rest)
    {
        if (Directory.Exists(rest))
        {
            return (rest, null);
        }
        for (var colon = rest.IndexOf(':'); colon > 0; colon = rest.IndexOf(':', colon + 1))
        {
            if (Directory.Exists(rest[..colon]))
            {
                return (rest[..colon], rest[(colon + 1)..]);
            }
        }
        return (rest, null);
    }
}
