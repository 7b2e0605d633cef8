using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Pipelines.Images;

public sealed class ImageBuilderOptions
{
    /// <summary>Default for <see cref="ImageSpec.Created"/>: null means SOURCE_DATE_EPOCH, else 1970-01-01T00:00:01Z.</summary>
    public DateTimeOffset? Timestamp { get; init; }
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;
}

/// <summary>Builds images: writes the spec's layers (reproducibly, through the cache), then the config and the
/// OCI manifest as byte-stable JSON. Needs no network and no daemon; the base must already be resolved
/// (<see cref="BaseImage"/>). Thread-safe: several images can be built in parallel over one cache.</summary>
public sealed class ImageBuilder
{
    private readonly BlobCache _cache;
    private readonly ImageBuilderOptions _options;
    private readonly DateTimeOffset _defaultTimestamp;

    public ImageBuilder(BlobCache cache, ImageBuilderOptions? options = null)
    {
        _cache = cache;
        _options = options ?? new ImageBuilderOptions();
        _defaultTimestamp = _options.Timestamp ?? LayerBuilder.ResolveTimestamp();
    }

    public BlobCache Cache => _cache;

    public BuiltImage Build(ImageSpec spec, BaseImage baseImage)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(baseImage);
        if (spec.Tags.Count == 0)
        {
            throw new ArgumentException("an image needs at least one tag", nameof(spec));
        }
        ValidateRepositoryAndTags(spec);
        var timestamp = spec.Created ?? _defaultTimestamp;
        var layerBuilder = new LayerBuilder(_cache, new LayerBuilderOptions { Timestamp = timestamp, CompressionLevel = _options.CompressionLevel });

        var built = spec.Layers.Select(layerBuilder.Build).ToList();
        var layers = new List<ImageLayer>(baseImage.Layers);
        var source = new CacheBlobSource(_cache, $"image {spec.Repository}");
        layers.AddRange(built.Select(b => new ImageLayer(b.Descriptor, b.DiffId, b.Name, false, null, source)));

        var config = WriteConfig(spec, baseImage, built, timestamp);
        var configDescriptor = new Descriptor(MediaTypes.OciConfig, Digests.Sha256(config), config.LongLength);
        var manifest = WriteManifest(configDescriptor, layers, spec, baseImage);
        return new BuiltImage(spec.Repository, spec.Tags, manifest, config, layers, built, baseImage, baseImage.Platform);
    }

    private static void ValidateRepositoryAndTags(ImageSpec spec)
    {
        foreach (var tag in spec.Tags)
        {
            // Parse validates repository and tag together (PIPE4007).
            ImageReference.Parse($"{spec.Repository}:{tag}");
        }
    }

    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] WriteConfig(ImageSpec spec, BaseImage baseImage, List<BuiltLayer> built, DateTimeOffset timestamp)
    {
        using var baseDoc = CanonicalJson.Parse(baseImage.ConfigBytes, $"{baseImage.Source}: config");
        var baseRoot = baseDoc.RootElement;
        var baseConfig = baseRoot.TryGetProperty("config", out var bc) && bc.ValueKind == JsonValueKind.Object ? bc : default;
        var created = FormatTime(timestamp);

        // Env: the base's, in order, with same-named variables replaced in place; then new ones by ordinal name.
        var env = new List<KeyValuePair<string, string>>();
        if (baseConfig.ValueKind == JsonValueKind.Object && baseConfig.TryGetProperty("Env", out var baseEnv) && baseEnv.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in baseEnv.EnumerateArray())
            {
                var text = item.GetString() ?? "";
                var eq = text.IndexOf('=');
                env.Add(eq < 0 ? new(text, "") : new(text[..eq], text[(eq + 1)..]));
            }
        }
        foreach (var (key, value) in spec.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0 || key.Contains('='))
            {
                throw new ArgumentException($"invalid environment variable name '{key}'");
            }
            var at = env.FindIndex(kv => kv.Key == key);
            if (at >= 0)
            {
                env[at] = new(key, value);
            }
            else
            {
                env.Add(new(key, value));
            }
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (baseConfig.ValueKind == JsonValueKind.Object && baseConfig.TryGetProperty("Labels", out var baseLabels) && baseLabels.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in baseLabels.EnumerateObject())
            {
                labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }
        foreach (var (key, value) in spec.Labels)
        {
            labels[key] = value;
        }

        var user = spec.User ?? (baseConfig.ValueKind == JsonValueKind.Object ? CanonicalJson.GetString(baseConfig, "User") : null);
        var workingDir = spec.WorkingDirectory ?? (baseConfig.ValueKind == JsonValueKind.Object ? CanonicalJson.GetString(baseConfig, "WorkingDir") : null);

        return CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("created", created);
            w.WriteString("architecture", baseImage.Platform.Architecture);
            if (baseImage.Platform.Variant is not null)
            {
                w.WriteString("variant", baseImage.Platform.Variant);
            }
            w.WriteString("os", baseImage.Platform.Os);

            w.WriteStartObject("config");
            if (!string.IsNullOrEmpty(user))
            {
                w.WriteString("User", user);
            }
            CopyRaw(w, baseConfig, "ExposedPorts");
            if (env.Count > 0)
            {
                w.WriteStartArray("Env");
                foreach (var (key, value) in env)
                {
                    w.WriteStringValue($"{key}={value}");
                }
                w.WriteEndArray();
            }
            WriteArray(w, "Entrypoint", spec.Entrypoint);
            WriteArray(w, "Cmd", spec.Cmd);
            CopyRaw(w, baseConfig, "Volumes");
            if (!string.IsNullOrEmpty(workingDir))
            {
                w.WriteString("WorkingDir", workingDir);
            }
            if (labels.Count > 0)
            {
                w.WritePropertyName("Labels");
                CanonicalJson.WriteSortedMap(w, labels);
            }
            CopyRaw(w, baseConfig, "StopSignal");
            w.WriteEndObject();

            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            w.WriteStartArray("diff_ids");
            foreach (var layer in baseImage.Layers)
            {
                w.WriteStringValue(layer.DiffId);
            }
            foreach (var layer in built)
            {
                w.WriteStringValue(layer.DiffId);
            }
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartArray("history");
            if (baseRoot.TryGetProperty("history", out var history) && history.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in history.EnumerateArray())
                {
                    item.WriteTo(w);
                }
            }
            foreach (var layer in built)
            {
                w.WriteStartObject();
                w.WriteString("created", created);
                w.WriteString("created_by", $"pipelines-images: {layer.Name} layer");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void CopyRaw(Utf8JsonWriter w, JsonElement config, string name)
    {
        if (config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }

    private static byte[] WriteManifest(Descriptor config, List<ImageLayer> layers, ImageSpec spec, BaseImage baseImage)
    {
        var annotations = new Dictionary<string, string>(spec.Annotations, StringComparer.Ordinal);
        if (baseImage.Name is not null && baseImage.ManifestDigest is not null)
        {
            annotations.TryAdd(OciAnnotations.BaseName, baseImage.Name);
            annotations.TryAdd(OciAnnotations.BaseDigest, baseImage.ManifestDigest);
        }
        return CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", MediaTypes.OciManifest);
            w.WritePropertyName("config");
            config.WriteTo(w);
            w.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                layer.Descriptor.WriteTo(w);
            }
            w.WriteEndArray();
            if (annotations.Count > 0)
            {
                w.WritePropertyName("annotations");
                CanonicalJson.WriteSortedMap(w, annotations);
            }
            w.WriteEndObject();
        });
    }
}
