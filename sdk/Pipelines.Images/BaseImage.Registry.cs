namespace Pipelines.Images;

/// <summary>A base read from a registry; its layers are fetched only when an output needs them.</summary>
public sealed partial class BaseImage
{
    /// <summary>Reads a base's manifest and config from a registry (an index is resolved to <paramref name="platform"/>,
    /// default linux/amd64). Layers are not downloaded here: an output that needs them fetches them into
    /// <paramref name="cache"/> (verified), and a push to the same registry mounts them instead.</summary>
    public static async Task<BaseImage> FromRegistryAsync(ImageReference reference, RegistryClient client, BlobCache cache,
        Platform? platform = null, CancellationToken cancellationToken = default)
    {
        var top = await client.GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        var where = $"base image {reference}";
        async Task<byte[]> ReadManifest(Descriptor d) =>
            (await client.GetManifestAsync(reference.Registry, reference.Repository, d.Digest, cancellationToken).ConfigureAwait(false)).Bytes;
        async Task<byte[]> ReadBlob(Descriptor d)
        {
            var file = await client.DownloadBlobAsync(reference.Registry, reference.Repository, d, cache, null, cancellationToken).ConfigureAwait(false);
            return ImageBuildException.WrapIO($"reading {file}", () => File.ReadAllBytes(file));
        }
        var origin = new BlobOrigin(reference.Registry, reference.Repository);
        var source = new RegistryBlobSource(client, reference.Registry, reference.Repository, cache);
        var name = reference.Tag is null ? reference.Name : $"{reference.Name}:{reference.Tag}";
        return await ResolveAsync(where, name, top.Bytes, top.MediaType, top.Digest, null, platform ?? Platform.LinuxAmd64,
            ReadManifest, ReadBlob, _ => source, origin, cancellationToken).ConfigureAwait(false);
    }
}
