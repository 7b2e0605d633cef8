using System.Formats.Tar;
using System.Text.Json;

namespace Pipelines.Images;

/// <summary>A base read from a <c>docker save</c> tar or an OCI archive.</summary>
public sealed partial class BaseImage
{
    /// <summary>Reads a base from a tar file: <c>docker save</c> output (legacy <c>manifest.json</c> with config and
    /// layer files, or the newer form that also holds an OCI layout), or an OCI archive (a tarred OCI layout,
    /// e.g. our own hybrid archives). The files are copied into <paramref name="cache"/> by digest. <paramref name="name"/>
    /// picks an image by its repo tag / ref name when the archive holds several.</summary>
    public static async Task<BaseImage> FromArchiveAsync(string archivePath, BlobCache cache, string? name = null, Platform? platform = null,
        CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(archivePath);
        var where = $"image archive {path}";
        if (!File.Exists(path))
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where} does not exist");
        }
        var small = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal); // path in archive -> digest
        await using (var stream = OpenRead(path))
        {
            Stream input = stream;
            if (IsGzip(stream))
            {
                input = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
            }
            using var reader = new TarReader(input);
            TarEntry? entry;
            try
            {
                while ((entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false)) is not null)
                {
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    {
                        continue;
                    }
                    var entryName = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                    if (entryName is "manifest.json" or "index.json" or "oci-layout" or "repositories")
                    {
                        var ms = new MemoryStream();
                        await entry.DataStream.CopyToAsync(ms, cancellationToken).ConfigureAwait(false);
                        small[entryName] = ms.ToArray();
                        continue;
                    }
                    string? expected = null;
                    if (entryName.StartsWith("blobs/sha256/", StringComparison.Ordinal))
                    {
                        expected = "sha256:" + entryName["blobs/sha256/".Length..];
                        if (!Digests.IsValid(expected))
                        {
                            continue;
                        }
                    }
                    files[entryName] = await cache.AddAsync(entry.DataStream, expected, $"{where}: {entryName}", cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                // EndOfStream: a file shorter than one tar header (any small file that is not an archive).
                throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where} is not a valid tar archive: {e.Message}", e);
            }
        }

        Task<byte[]> ReadCached(Descriptor d)
        {
            if (!cache.TryGetVerified(d.Digest, out var blobPath))
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: blob {d.Digest} is not in the archive");
            }
            var bytes = ImageBuildException.WrapIO($"reading {blobPath}", () => File.ReadAllBytes(blobPath));
            VerifyBytes(bytes, d, where);
            return Task.FromResult(bytes);
        }
        var target = platform ?? Platform.LinuxAmd64;
        if (small.TryGetValue("index.json", out var index))
        {
            return await ResolveAsync(where, null, index, MediaTypes.OciIndex, null, name, target,
                ReadCached, ReadCached, _ => new CacheBlobSource(cache, where), null, cancellationToken).ConfigureAwait(false);
        }
        if (!small.TryGetValue("manifest.json", out var legacy))
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where} holds neither index.json nor manifest.json");
        }
        return FromLegacyDockerManifest(where, legacy, files, cache, name);
    }

    private static BaseImage FromLegacyDockerManifest(string where, byte[] manifestJson, Dictionary<string, string> files, BlobCache cache, string? name)
    {
        using var doc = CanonicalJson.Parse(manifestJson, $"{where}: manifest.json");
        if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: manifest.json lists no image");
        }
        JsonElement? chosen = null;
        var images = doc.RootElement.EnumerateArray().ToList();
        if (name is not null)
        {
            foreach (var image in images)
            {
                if (image.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array
                    && tags.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && SameName(t.GetString()!, name)))
                {
                    chosen = image;
                    break;
                }
            }
            if (chosen is null)
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: no image tagged '{name}' in manifest.json");
            }
        }
        else if (images.Count == 1)
        {
            chosen = images[0];
        }
        else
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where} holds {images.Count} images; say which (a repo tag)");
        }
        var picked = chosen.Value;
        var configPath = CanonicalJson.GetString(picked, "Config")
            ?? throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: manifest.json entry has no Config");
        string FileDigest(string p) => files.TryGetValue(p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p, out var d)
            ? d : throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: manifest.json names '{p}', which is not in the archive");
        var configDigest = FileDigest(configPath);
        cache.TryGetVerified(configDigest, out var configFile);
        var config = ImageBuildException.WrapIO($"reading {configFile}", () => File.ReadAllBytes(configFile));
        var (diffIds, platform) = ParseConfig(config, where);
        var layerPaths = picked.TryGetProperty("Layers", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
        if (layerPaths.Count != diffIds.Count)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: {layerPaths.Count} layers but {diffIds.Count} diff_ids in the config");
        }
        var layers = new List<ImageLayer>();
        var source = new CacheBlobSource(cache, where);
        for (var i = 0; i < layerPaths.Count; i++)
        {
            var digest = FileDigest(layerPaths[i]);
            cache.TryGetVerified(digest, out var layerFile);
            bool gzip;
            using (var f = OpenRead(layerFile))
            {
                gzip = IsGzip(f);
            }
            if (!gzip && digest != diffIds[i])
            {
                throw new ImageBuildException(ImageErrorCodes.DigestMismatch, $"{where}: layer '{layerPaths[i]}' hashes to {digest}, but the config's diff_id is {diffIds[i]}");
            }
            // Uncompressed layers stay uncompressed: their digest is then the diffID on every machine.
            var descriptor = new Descriptor(gzip ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer, digest, new FileInfo(layerFile).Length);
            layers.Add(new ImageLayer(descriptor, diffIds[i], null, true, null, source));
        }
        return new BaseImage(where, null, null, null, config, layers, platform);
    }

    private static bool SameName(string a, string b)
    {
        if (a == b)
        {
            return true;
        }
        return ImageReference.TryParse(a, out var x) && ImageReference.TryParse(b, out var y) && x.ToString() == y.ToString();
    }

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (IOException e)
        {
            throw ImageBuildException.FromIOException(e, $"opening {path}");
        }
    }

    private static bool IsGzip(FileStream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = stream.Read(magic);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
