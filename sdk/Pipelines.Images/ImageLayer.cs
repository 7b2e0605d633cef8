namespace Pipelines.Images;

/// <summary>A registry repository known to hold a blob (used for cross-repository mounts).</summary>
public sealed record BlobOrigin(string Registry, string Repository);

/// <summary>One layer of an image: its descriptor (as it goes in the manifest), its diffID (as it goes in the
/// config) and where its bytes can be had.</summary>
public sealed class ImageLayer
{
    private readonly IBlobSource _source;

    internal ImageLayer(Descriptor descriptor, string diffId, string? name, bool isBaseLayer, BlobOrigin? origin, IBlobSource source)
    {
        Descriptor = descriptor;
        DiffId = diffId;
        Name = name;
        IsBaseLayer = isBaseLayer;
        Origin = origin;
        _source = source;
    }

    public Descriptor Descriptor { get; }
    public string Digest => Descriptor.Digest;
    public long Size => Descriptor.Size;
    public string MediaType => Descriptor.MediaType;
    public string DiffId { get; }
    /// <summary>The layer input's name (<c>dependencies</c>, <c>app</c>…); null for base layers.</summary>
    public string? Name { get; }
    public bool IsBaseLayer { get; }
    /// <summary>The registry repository the blob came from, when it came from one.</summary>
    public BlobOrigin? Origin { get; }
    /// <summary>True when the bytes are on this machine (no download needed).</summary>
    public bool IsLocal => _source.IsAvailableLocally(Descriptor);

    /// <summary>A local file holding the blob, verified against the digest (downloading it first if needed).</summary>
    public Task<string> GetBlobPathAsync(Action<long>? bytesDone = null, CancellationToken cancellationToken = default) =>
        _source.GetPathAsync(Descriptor, bytesDone, cancellationToken);

    public override string ToString() => $"{Name ?? "base"} {Digest} ({Size} bytes)";
}

internal interface IBlobSource
{
    bool IsAvailableLocally(Descriptor blob);
    Task<string> GetPathAsync(Descriptor blob, Action<long>? bytesDone, CancellationToken cancellationToken);
}

/// <summary>A blob in a file we did not write (a local OCI layout): hashed once before first use.</summary>
internal sealed class LocalFileBlobSource(string path, string where) : IBlobSource
{
    private readonly Lock _lock = new();
    private bool _verified;

    public bool IsAvailableLocally(Descriptor blob) => true;

    public Task<string> GetPathAsync(Descriptor blob, Action<long>? bytesDone, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_verified)
            {
                if (!File.Exists(path))
                {
                    throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: blob {blob.Digest} is missing ({path})");
                }
                var actual = ImageBuildException.WrapIO($"reading {path}", () => Digests.Sha256File(path));
                var size = new FileInfo(path).Length;
                if (actual != blob.Digest || size != blob.Size)
                {
                    throw new ImageBuildException(ImageErrorCodes.DigestMismatch,
                        $"{where}: {path} ({size} bytes) hashes to {actual}, but the manifest says {blob.Digest} ({blob.Size} bytes)");
                }
                _verified = true;
            }
        }
        return Task.FromResult(path);
    }
}

/// <summary>A blob in the <see cref="BlobCache"/> (a layer we built, or one extracted from an archive).</summary>
internal sealed class CacheBlobSource(BlobCache cache, string where) : IBlobSource
{
    public bool IsAvailableLocally(Descriptor blob) => true;

    public Task<string> GetPathAsync(Descriptor blob, Action<long>? bytesDone, CancellationToken cancellationToken)
    {
        if (!cache.TryGetVerified(blob.Digest, out var path))
        {
            throw new ImageBuildException(ImageErrorCodes.DigestMismatch,
                $"{where}: blob {blob.Digest} is missing from the cache {cache.Root} or no longer hashes to its digest");
        }
        return Task.FromResult(path);
    }
}

/// <summary>A blob in a registry, downloaded into the cache on first use (verified; a corrupt cached copy is re-fetched).</summary>
internal sealed class RegistryBlobSource(RegistryClient client, string registry, string repository, BlobCache cache) : IBlobSource
{
    public bool IsAvailableLocally(Descriptor blob) => cache.Contains(blob.Digest);

    public Task<string> GetPathAsync(Descriptor blob, Action<long>? bytesDone, CancellationToken cancellationToken) =>
        client.DownloadBlobAsync(registry, repository, blob, cache, bytesDone, cancellationToken);
}
