using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipelines.Images;

/// <summary>An OS/architecture pair (with optional variant) as used in image indexes and configs.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    public static Platform LinuxAmd64 { get; } = new("linux", "amd64");

    public bool Matches(Platform other) =>
        Os == other.Os && Architecture == other.Architecture && (Variant is null || other.Variant is null || Variant == other.Variant);

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

/// <summary>An OCI content descriptor: what a manifest or index says about a blob.</summary>
public sealed record Descriptor(string MediaType, string Digest, long Size)
{
    /// <summary>Annotations; written with keys in ordinal order.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public Platform? Platform { get; init; }
    public IReadOnlyList<string>? Urls { get; init; }

    internal void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", MediaType);
        w.WriteString("digest", Digest);
        w.WriteNumber("size", Size);
        if (Urls is { Count: > 0 })
        {
            w.WriteStartArray("urls");
            foreach (var url in Urls)
            {
                w.WriteStringValue(url);
            }
            w.WriteEndArray();
        }
        if (Annotations is { Count: > 0 })
        {
            w.WritePropertyName("annotations");
            CanonicalJson.WriteSortedMap(w, Annotations);
        }
        if (Platform is not null)
        {
            w.WriteStartObject("platform");
            w.WriteString("architecture", Platform.Architecture);
            w.WriteString("os", Platform.Os);
            if (Platform.Variant is not null)
            {
                w.WriteString("variant", Platform.Variant);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    internal static Descriptor Parse(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: a descriptor lacks digest or size");
        }
        var mediaType = e.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString()! : "";
        Dictionary<string, string>? annotations = null;
        if (e.TryGetProperty("annotations", out var ann) && ann.ValueKind == JsonValueKind.Object)
        {
            annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in ann.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    annotations[p.Name] = p.Value.GetString()!;
                }
            }
        }
        Platform? platform = null;
        if (e.TryGetProperty("platform", out var pl) && pl.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(
                CanonicalJson.GetString(pl, "os") ?? "",
                CanonicalJson.GetString(pl, "architecture") ?? "",
                CanonicalJson.GetString(pl, "variant"));
        }
        List<string>? urls = null;
        if (e.TryGetProperty("urls", out var u) && u.ValueKind == JsonValueKind.Array)
        {
            urls = [.. u.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)];
        }
        var d = digest.GetString()!;
        if (!Digests.IsValid(d))
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{where}: unsupported digest '{d}' (only sha256 is supported)");
        }
        return new Descriptor(mediaType, d, size.GetInt64()) { Annotations = annotations, Platform = platform, Urls = urls };
    }
}

/// <summary>The one JSON writer setting every image document is written with. The digest is a hash
/// of the exact bytes, so these settings are part of the output's ABI: compact, properties in a fixed
/// order (by the writing code), maps with keys in ordinal order, and only the escaping JSON requires
/// (so <c>+</c> stays <c>+</c>, not <c>\u002B</c>).</summary>
internal static class CanonicalJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 64 };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(w);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteSortedMap(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, string>> map)
    {
        w.WriteStartObject();
        foreach (var kv in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(kv.Key, kv.Value);
        }
        w.WriteEndObject();
    }

    public static string? GetString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonDocument Parse(ReadOnlyMemory<byte> bytes, string what)
    {
        try
        {
            return JsonDocument.Parse(bytes, ReaderOptions);
        }
        catch (JsonException e)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"{what} is not valid JSON: {e.Message}", e);
        }
    }
}
