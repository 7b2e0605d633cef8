namespace Pipelines;

/// <summary>
/// KFP's URI → local path mapping, exactly as its launcher and <c>dsl.Artifact.path</c> do it:
/// the launcher has already downloaded inputs to these paths and uploads outputs from them.
/// </summary>
public static class ArtifactPaths
{
    public const string WorkspaceRoot = "/kfp-workspace";

    /// <summary>Local path of an artifact with <paramref name="uri"/>.</summary>
    /// <param name="customPath">An explicit <c>customPath</c> from the runtime artifact, which wins.</param>
    /// <param name="inWorkspace">True when the metadata flags the artifact with <c>_kfp_workspace</c>.</param>
    public static string ToLocalPath(string uri, string? customPath = null, bool inWorkspace = false)
    {
        if (!string.IsNullOrEmpty(customPath)) return customPath;
        var path = Map(uri);
        return inWorkspace ? $"{WorkspaceRoot}/.artifacts/{path.TrimStart('/')}" : path;
    }

    private static string Map(string uri)
    {
        if (uri.StartsWith("gs://", StringComparison.Ordinal)) return "/gcs/" + uri["gs://".Length..];
        if (uri.StartsWith("minio://", StringComparison.Ordinal)) return "/minio/" + uri["minio://".Length..];
        if (uri.StartsWith("s3://", StringComparison.Ordinal)) return "/s3/" + uri["s3://".Length..];
        if (uri.StartsWith("oci://", StringComparison.Ordinal)) return "/oci/" + uri["oci://".Length..].Replace('/', '_') + "/models";
        return uri;
    }
}
