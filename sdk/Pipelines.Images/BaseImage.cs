using System.Text.Json;

namespace Pipelines.Images;

/// <summary>The image new layers go on top of: its config and layers. Base layers are reused as they are
/// (digest, size and media type, Docker media types included); their bytes are only read when an output
/// needs them (an OCI layout, an archive, or a push to a registry that cannot mount them). One source per file:
/// <c>BaseImage.OciLayout.cs</c>, <c>BaseImage.Archive.cs</c>, <c>BaseImage.Registry.cs</c>; a specifier string picks
/// one (<see cref="BaseImageSpecifier"/>).</summary>
public sealed partial class BaseImage
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
        var config = CanonicalJson.Write(w =>
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

    /// <summary>Makes sure every layer's bytes are in a local file (downloading registry layers into the cache).</summary>
    public async Task PullLayersAsync(IProgress<ImageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        foreach (var layer in Layers)
        {
            var pulled = false;
            await layer.GetBlobPathAsync(n =>
            {
                pulled = true;
                progress?.Report(new ImageProgress(Source, layer.Digest, null, ImageProgressState.Pulling, n, layer.Size));
            }, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ImageProgress(Source, layer.Digest, null, pulled ? ImageProgressState.Pulled : ImageProgressState.Cached, layer.Size, layer.Size));
        }
    }

    // The parts every source shares: index/manifest resolution, config parsing, verification.


    private static async Task<BaseImage> ResolveAsync(string where, string? name, byte[] topBytes, string topMediaType, string? topDigest,
        string? refName, Platform platform, Func<Descriptor, Task<byte[]>> readManifest, Func<Descriptor, Task<byte[]>> readBlob,
        Func<Descriptor, IBlobSource> layerSource, BlobOrigin? origin, CancellationToken ct)
    {
        var bytes = topBytes;
        var mediaType = topMediaType;
        var digest = topDigest;
        for (var depth = 0; ; depth++)
        {
            ct.ThrowIfCancellationRequested();
            using var doc = CanonicalJson.Parse(bytes, $"{where}: manifest");
            var root = doc.RootElement;
            var declared = CanonicalJson.GetString(root, "mediaType");
            var isIndex = MediaTypes.IsIndex(declared ?? mediaType) || (declared is null && root.TryGetProperty("manifests", out _));
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
                && ((a.TryGetValue(OciAnnotations.RefName, out var r) && r == refName)
                    || (a.TryGetValue(OciAnnotations.ContainerdImageName, out var n) && SameName(n, refName))))];
            if (candidates.Count == 0)
            {
                var known = string.Join(", ", all.Select(d => d.Annotations?.GetValueOrDefault(OciAnnotations.RefName)).Where(n => n is not null));
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
        var anyPlatform = candidates.Any(d => d.Platform is not null);
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
        var config = await readBlob(configDescriptor).ConfigureAwait(false);
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
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: the config is not a JSON object");
        }
        // What the image builder takes from the base config later (its Env) is checked here, where the base is read.
        if (root.TryGetProperty("config", out var settings) && settings.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null)
            || settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("Env", out var env)
                && (env.ValueKind != JsonValueKind.Array || env.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String)))
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: the config's config.Env is not a list of strings");
        }
        var diffIds = new List<string>();
        if (root.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object
            && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var id in ids.EnumerateArray())
            {
                var value = id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText();
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
        var actual = Digests.Sha256(bytes);
        if (actual != d.Digest)
        {
            throw new ImageBuildException(ImageErrorCodes.DigestMismatch, $"{where}: blob {d.Digest} hashes to {actual}");
        }
    }
}
