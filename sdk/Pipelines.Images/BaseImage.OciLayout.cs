namespace Pipelines.Images;

/// <summary>A base read from an OCI image layout directory.</summary>
public sealed partial class BaseImage
{
    /// <summary>Reads a base from an OCI image layout directory. <paramref name="refName"/> picks the entry of
    /// <c>index.json</c> whose <c>org.opencontainers.image.ref.name</c> (or <c>io.containerd.image.name</c>) equals it;
    /// without it the layout must hold one image, or one per platform. Nested indexes are resolved to
    /// <paramref name="platform"/> (default linux/amd64). Blobs are verified when first read.</summary>
    public static async Task<BaseImage> FromOciLayoutAsync(string directory, string? refName = null, Platform? platform = null,
        CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(directory);
        var where = $"OCI layout {root}";
        var indexPath = Path.Combine(root, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where} has no index.json");
        }
        var index = ImageBuildException.WrapIO($"reading {indexPath}", () => File.ReadAllBytes(indexPath));
        string BlobPath(string digest) => Path.Combine(root, "blobs", "sha256", Digests.Hex(digest));
        Task<byte[]> ReadVerified(Descriptor d)
        {
            var path = BlobPath(d.Digest);
            if (!File.Exists(path))
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: blob {d.Digest} is missing");
            }
            var bytes = ImageBuildException.WrapIO($"reading {path}", () => File.ReadAllBytes(path));
            VerifyBytes(bytes, d, where);
            return Task.FromResult(bytes);
        }
        return await ResolveAsync(where, null, index, MediaTypes.OciIndex, null, refName, platform ?? Platform.LinuxAmd64,
            ReadVerified, ReadVerified, d => new LocalFileBlobSource(BlobPath(d.Digest), where), null, cancellationToken).ConfigureAwait(false);
    }
}
