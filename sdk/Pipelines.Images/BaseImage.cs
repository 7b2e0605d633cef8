using System.Formats.Tar;
using System.Text.Json;

namespace Pipelines.Images;

/// <summary>The image new layers go on top of: its config and layers. Base layers are reused as they are
/// (digest, size and media type, Docker media types included); their bytes are only read when an output
/// needs them (an OCI layout, an archive, or a push to a registry that cannot mount them).</summary>
public sealed class BaseImage
{
    private BaseImage(string source, string? name, string? manifestDigest, string? manifestMediaType, byte[] configBytes,
        IReadOnlyList<ImageLayer> layers, Platform platform)
    {
        Source = source;
        Name = name;
        ManifestDigest = manifestDigest;
        ManifestMediaType = manifestMediaType;
        ConfigBytes = configBytes;
        ConfigDigest = Digests.Sha256(configBytes);
        Layers = layers;
        Platform = platform;
    }

    /// <summary>Where the base came from, for messages (a reference, a directory, a file).</summary>
    public string Source { get; }
    /// <summary>The registry reference (without digest) when the base came from a registry; written to the
    /// <c>org.opencontainers.image.base.name</c> annotation.</summary>
    public string? Name { get; }
    /// <summary>Digest of the base's (platform) manifest, when it has one.</summary>
    public string? ManifestDigest { get; }
    public string? ManifestMediaType { get; }
    public byte[] ConfigBytes { get; }
    public string ConfigDigest { get; }
    public IReadOnlyList<ImageLayer> Layers { get; }
    public Platform Platform { get; }

    /// <summary>An empty base (no layers), for images that bring everything themselves.</summary>
    public static BaseImage Scratch(Platform? platform = null)
    {
        var p = platform ?? Platform.LinuxAmd64;
        byte[] config = CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("architecture", p.Architecture);
            w.WriteString("os", p.Os);
            if (p.Variant is not null)
            {
                w.WriteString("variant", p.Variant);
            }
            w.WriteStartObject("config");
            w.WriteEndObject();
            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            w.WriteStartArray("diff_ids");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return new BaseImage("scratch", null, null, null, config, [], p);
    }

    // ------------------------------------------------------------------ OCI image layout directory

    /// <summary>Reads a base from an OCI image layout directory. <paramref name="refName"/> picks the entry of
    /// <c>index.json</c> whose <c>org.opencontainers.image.ref.name</c> (or <c>io.containerd.image.name</c>) equals it;
    /// without it the layout must hold one image, or one per platform. Nested indexes are resolved to
    /// <paramref name="platform"/> (default linux/amd64). Blobs are verified when first read.</summary>
    public static async Task<BaseImage> FromOciLayoutAsync(string directory, string? refName = null, Platform? platform = null,
        CancellationToken cancellationToken = default)
    {
        string root = Path.GetFullPath(directory);
        string where = $"OCI layout {root}";
        string indexPath = Path.Combine(root, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where} has no index.json");
        }
        byte[] index = ImageBuildException.WrapIO($"reading {indexPath}", () => File.ReadAllBytes(indexPath));
        string BlobPath(string digest) => Path.Combine(root, "blobs", "sha256", Digests.Hex(digest));
        Task<byte[]> ReadVerified(Descriptor d)
        {
            string path = BlobPath(d.Digest);
            if (!File.Exists(path))
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: blob {d.Digest} is missing");
            }
            byte[] bytes = ImageBuildException.WrapIO($"reading {path}", () => File.ReadAllBytes(path));
            VerifyBytes(bytes, d, where);
            return Task.FromResult(bytes);
        }
        return await ResolveAsync(where, null, index, MediaTypes.OciIndex, null, refName, platform ?? Platform.LinuxAmd64,
            ReadVerified, ReadVerified, d => new LocalFileBlobSource(BlobPath(d.Digest), where), null, cancellationToken).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ docker-archive / OCI archive tar

    /// <summary>Reads a base from a tar file: <c>docker save</c> output (legacy <c>manifest.json</c> with config and
    /// layer files, or the newer form that also holds an OCI layout), or an OCI archive (a tarred OCI layout,
    /// e.g. our own hybrid archives). The files are copied into <paramref name="cache"/> by digest. <paramref name="name"/>
    /// picks an image by its repo tag / ref name when the archive holds several.</summary>
    public static async Task<BaseImage> FromArchiveAsync(string archivePath, BlobCache cache, string? name = null, Platform? platform = null,
        CancellationToken cancellationToken = default)
    {
        string path = Path.GetFullPath(archivePath);
        string where = $"image archive {path}";
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
                    string entryName = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
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
            catch (InvalidDataException e)
            {
                throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where} is not a valid tar archive: {e.Message}", e);
            }
        }

        Task<byte[]> ReadCached(Descriptor d)
        {
            if (!cache.TryGetVerified(d.Digest, out string blobPath))
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: blob {d.Digest} is not in the archive");
            }
            byte[] bytes = ImageBuildException.WrapIO($"reading {blobPath}", () => File.ReadAllBytes(blobPath));
            VerifyBytes(bytes, d, where);
            return Task.FromResult(bytes);
        }
        var target = platform ?? Platform.LinuxAmd64;
        if (small.TryGetValue("index.json", out byte[]? index))
        {
            return await ResolveAsync(where, null, index, MediaTypes.OciIndex, null, name, target,
                ReadCached, ReadCached, _ => new CacheBlobSource(cache, where), null, cancellationToken).ConfigureAwait(false);
        }
        if (!small.TryGetValue("manifest.json", out byte[]? legacy))
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
        string configPath = CanonicalJson.GetString(picked, "Config")
            ?? throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: manifest.json entry has no Config");
        string FileDigest(string p) => files.TryGetValue(p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p, out string? d)
            ? d : throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: manifest.json names '{p}', which is not in the archive");
        string configDigest = FileDigest(configPath);
        cache.TryGetVerified(configDigest, out string configFile);
        byte[] config = ImageBuildException.WrapIO($"reading {configFile}", () => File.ReadAllBytes(configFile));
        var (diffIds, platform) = ParseConfig(config, where);
        var layerPaths = picked.TryGetProperty("Layers", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
        if (layerPaths.Count != diffIds.Count)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: {layerPaths.Count} layers but {diffIds.Count} diff_ids in the config");
        }
        var layers = new List<ImageLayer>();
        var source = new CacheBlobSource(cache, where);
        for (int i = 0; i < layerPaths.Count; i++)
        {
            string digest = FileDigest(layerPaths[i]);
            cache.TryGetVerified(digest, out string layerFile);
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

    // ------------------------------------------------------------------ registry

    /// <summary>Reads a base's manifest and config from a registry (an index is resolved to <paramref name="platform"/>,
    /// default linux/amd64). Layers are not downloaded here: an output that needs them fetches them into
    /// <paramref name="cache"/> (verified), and a push to the same registry mounts them instead.</summary>
    public static async Task<BaseImage> FromRegistryAsync(ImageReference reference, RegistryClient client, BlobCache cache,
        Platform? platform = null, CancellationToken cancellationToken = default)
    {
        var top = await client.GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        string where = $"base image {reference}";
        async Task<byte[]> ReadManifest(Descriptor d) =>
            (await client.GetManifestAsync(reference.Registry, reference.Repository, d.Digest, cancellationToken).ConfigureAwait(false)).Bytes;
        async Task<byte[]> ReadBlob(Descriptor d)
        {
            string file = await client.DownloadBlobAsync(reference.Registry, reference.Repository, d, cache, null, cancellationToken).ConfigureAwait(false);
            return ImageBuildException.WrapIO($"reading {file}", () => File.ReadAllBytes(file));
        }
        var origin = new BlobOrigin(reference.Registry, reference.Repository);
        var source = new RegistryBlobSource(client, reference.Registry, reference.Repository, cache);
        string name = reference.Tag is null ? reference.Name : $"{reference.Name}:{reference.Tag}";
        return await ResolveAsync(where, name, top.Bytes, top.MediaType, top.Digest, null, platform ?? Platform.LinuxAmd64,
            ReadManifest, ReadBlob, _ => source, origin, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes sure every layer's bytes are in a local file (downloading registry layers into the cache).</summary>
    public async Task PullLayersAsync(IProgress<ImageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        foreach (var layer in Layers)
        {
            bool pulled = false;
            await layer.GetBlobPathAsync(n =>
            {
                pulled = true;
                progress?.Report(new ImageProgress(Source, layer.Digest, null, ImageProgressState.Pulling, n, layer.Size));
            }, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ImageProgress(Source, layer.Digest, null, pulled ? ImageProgressState.Pulled : ImageProgressState.Cached, layer.Size, layer.Size));
        }
    }

    // ------------------------------------------------------------------ shared resolution

    private static async Task<BaseImage> ResolveAsync(string where, string? name, byte[] topBytes, string topMediaType, string? topDigest,
        string? refName, Platform platform, Func<Descriptor, Task<byte[]>> readManifest, Func<Descriptor, Task<byte[]>> readBlob,
        Func<Descriptor, IBlobSource> layerSource, BlobOrigin? origin, CancellationToken ct)
    {
        byte[] bytes = topBytes;
        string mediaType = topMediaType;
        string? digest = topDigest;
        for (int depth = 0; ; depth++)
        {
            ct.ThrowIfCancellationRequested();
            using var doc = CanonicalJson.Parse(bytes, $"{where}: manifest");
            var root = doc.RootElement;
            string? declared = CanonicalJson.GetString(root, "mediaType");
            bool isIndex = MediaTypes.IsIndex(declared ?? mediaType) || (declared is null && root.TryGetProperty("manifests", out _));
            if (!isIndex)
            {
                return await FromManifestAsync(where, name, bytes, declared ?? mediaType, digest ?? Digests.Sha256(bytes), root,
                    readBlob, layerSource, origin).ConfigureAwait(false);
            }
            if (depth > 4)
            {
                throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: image indexes nested too deeply");
            }
            var chosen = SelectFromIndex(root, depth == 0 ? refName : null, platform, where);
            bytes = await readManifest(chosen).ConfigureAwait(false);
            VerifyBytes(bytes, chosen, where);
            mediaType = chosen.MediaType;
            digest = chosen.Digest;
        }
    }

    internal static Descriptor SelectFromIndex(JsonElement index, string? refName, Platform platform, string where)
    {
        if (!index.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: the index has no manifests");
        }
        var all = manifests.EnumerateArray().Select(m => Descriptor.Parse(m, where)).ToList();
        var candidates = all;
        if (refName is not null)
        {
            candidates = [.. all.Where(d => d.Annotations is { } a
                && ((a.TryGetValue(OciAnnotations.RefName, out string? r) && r == refName)
                    || (a.TryGetValue(OciAnnotations.ContainerdImageName, out string? n) && SameName(n, refName))))];
            if (candidates.Count == 0)
            {
                string known = string.Join(", ", all.Select(d => d.Annotations?.GetValueOrDefault(OciAnnotations.RefName)).Where(n => n is not null));
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: no image named '{refName}' (names: {(known.Length == 0 ? "none" : known)})");
            }
        }
        if (candidates.Count == 1)
        {
            return candidates[0];
        }
        if (candidates.Select(d => d.Digest).Distinct().Count() == 1)
        {
            return candidates[0]; // one image under several names
        }
        var matching = candidates.Where(d => d.Platform is not null && platform.Matches(d.Platform)).ToList();
        if (matching.Select(d => d.Digest).Distinct().Count() == 1)
        {
            return matching[0];
        }
        if (matching.Count > 1)
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound,
                $"{where} holds {matching.Select(d => d.Digest).Distinct().Count()} images for {platform}; pass a ref name to pick one");
        }
        if (candidates.Count == 0)
        {
            throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{where}: the index lists no image");
        }
        bool anyPlatform = candidates.Any(d => d.Platform is not null);
        throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, anyPlatform
            ? $"{where}: no image for platform {platform} (has {string.Join(", ", candidates.Where(d => d.Platform is not null).Select(d => d.Platform!.ToString()).Distinct())})"
            : $"{where} holds {candidates.Count} images; pass a ref name to pick one");
    }

    private static async Task<BaseImage> FromManifestAsync(string where, string? name, byte[] manifestBytes, string mediaType, string manifestDigest,
        JsonElement manifest, Func<Descriptor, Task<byte[]>> readBlob, Func<Descriptor, IBlobSource> layerSource, BlobOrigin? origin)
    {
        if (manifest.TryGetProperty("schemaVersion", out var sv) && sv.ValueKind == JsonValueKind.Number && sv.GetInt32() == 1)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: Docker schema 1 manifests are not supported");
        }
        if (!manifest.TryGetProperty("config", out var configElement))
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: the manifest has no config");
        }
        var configDescriptor = Descriptor.Parse(configElement, where);
        byte[] config = await readBlob(configDescriptor).ConfigureAwait(false);
        VerifyBytes(config, configDescriptor, where);
        var (diffIds, platform) = ParseConfig(config, where);
        var layerDescriptors = manifest.TryGetProperty("layers", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(x => Descriptor.Parse(x, where)).ToList() : [];
        if (layerDescriptors.Count != diffIds.Count)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: {layerDescriptors.Count} layers but {diffIds.Count} diff_ids in the config");
        }
        var layers = layerDescriptors.Select((d, i) => new ImageLayer(d, diffIds[i], null, true, origin, layerSource(d))).ToList();
        return new BaseImage(where, name, manifestDigest, mediaType, config, layers, platform);
    }

    internal static (List<string> DiffIds, Platform Platform) ParseConfig(byte[] config, string where)
    {
        using var doc = CanonicalJson.Parse(config, $"{where}: config");
        var root = doc.RootElement;
        var diffIds = new List<string>();
        if (root.TryGetProperty("rootfs", out var rootfs) && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var id in ids.EnumerateArray())
            {
                string? value = id.GetString();
                if (!Digests.IsValid(value))
                {
                    throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: config has an invalid diff_id '{value}'");
                }
                diffIds.Add(value!);
            }
        }
        var platform = new Platform(CanonicalJson.GetString(root, "os") ?? "linux", CanonicalJson.GetString(root, "architecture") ?? "amd64",
            CanonicalJson.GetString(root, "variant"));
        return (diffIds, platform);
    }

    private static void VerifyBytes(byte[] bytes, Descriptor d, string where)
    {
        string actual = Digests.Sha256(bytes);
        if (actual != d.Digest)
        {
            throw new ImageBuildException(ImageErrorCodes.DigestMismatch, $"{where}: blob {d.Digest} hashes to {actual}");
        }
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
        int read = stream.Read(magic);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
