namespace Pipelines.Images;

public enum ImageProgressState
{
    /// <summary>Downloading a blob from a registry (bytes done/total).</summary>
    Pulling,
    /// <summary>A blob was downloaded and verified.</summary>
    Pulled,
    /// <summary>A blob was already in a local cache or layout.</summary>
    Cached,
    /// <summary>Uploading a blob (bytes done/total).</summary>
    Uploading,
    /// <summary>A blob was uploaded.</summary>
    Uploaded,
    /// <summary>The target repository already had the blob (HEAD).</summary>
    SkippedExists,
    /// <summary>The blob was mounted from another repository of the same registry (no bytes sent).</summary>
    Mounted,
    /// <summary>The manifest was written (by digest, then per tag).</summary>
    ManifestPushed,
    /// <summary>The tag already pointed at the manifest digest; nothing was written.</summary>
    ManifestUnchanged,
}

/// <summary>One progress report. <see cref="Image"/> is the target (or base) image, <see cref="Digest"/> the blob or
/// manifest, <see cref="LayerName"/> the layer input's name (<c>config</c> for the config blob, null for base layers).</summary>
public sealed record ImageProgress(string Image, string Digest, string? LayerName, ImageProgressState State, long BytesDone, long BytesTotal)
{
    /// <summary>For <see cref="ImageProgressState.Mounted"/>: the repository the blob was mounted from.</summary>
    public string? MountedFrom { get; init; }
}
