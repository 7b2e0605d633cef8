using System.Globalization;
using System.IO.Compression;

namespace Pipelines.Images;

/// <summary>A layer blob written by <see cref="LayerBuilder"/> (or reused from the cache).</summary>
public sealed record BuiltLayer(
    string Name,
    string DiffId,
    string Digest,
    long Size,
    string MediaType,
    string BlobPath,
    long UncompressedSize,
    bool FromCache)
{
    public Descriptor Descriptor => new(MediaType, Digest, Size);
}

public sealed class LayerBuilderOptions
{
    /// <summary>The mtime of every entry. Null: <see cref="LayerBuilder.ResolveTimestamp"/> (SOURCE_DATE_EPOCH, else
    /// 1970-01-01T00:00:01Z).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;
}

/// <summary>Writes reproducible layers: sorted entries with explicit parent directories, fixed
/// modes/owners/mtime (see <see cref="ReproducibleTar"/>), gzip with a normalized header. The tar is
/// hashed first (the diffID); when the cache already maps that diffID to a compressed blob, the blob is
/// reused as is and nothing is compressed. Thread-safe.</summary>
public sealed class LayerBuilder
{
    /// <summary>Jib's default entry time: 1970-01-01T00:00:01Z (some tools treat an mtime of 0 as "unset").</summary>
    public static readonly DateTimeOffset DefaultTimestamp = DateTimeOffset.FromUnixTimeSeconds(1);

    // Striped: two builds of the same layer (same cache, same diffID) never compress it twice at once.
    private static readonly object[] Locks = [.. Enumerable.Range(0, 64).Select(_ => new object())];
    private readonly BlobCache _cache;
    private readonly LayerBuilderOptions _options;

    public LayerBuilder(BlobCache cache, LayerBuilderOptions? options = null)
    {
        _cache = cache;
        _options = options ?? new LayerBuilderOptions();
        Timestamp = _options.Timestamp ?? ResolveTimestamp();
    }

    /// <summary>The mtime used for every entry of every layer this builder writes.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary><c>SOURCE_DATE_EPOCH</c> (a non-negative integer number of seconds) when set, else
    /// <see cref="DefaultTimestamp"/>. A malformed value is an error (PIPE4007), not silently ignored.</summary>
    public static DateTimeOffset ResolveTimestamp(Func<string, string?>? getEnvironmentVariable = null)
    {
        var value = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)("SOURCE_DATE_EPOCH");
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultTimestamp;
        }
        if (!long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"SOURCE_DATE_EPOCH='{value}' is not a non-negative number of seconds");
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    /// <summary>Writes the uncompressed tar of <paramref name="entries"/> to <paramref name="output"/>.</summary>
    public static void WriteTar(IEnumerable<LayerEntry> entries, Stream output, DateTimeOffset timestamp) =>
        ReproducibleTar.Write(ReproducibleTar.Plan(entries), output, timestamp.ToUnixTimeSeconds());

    public BuiltLayer Build(LayerInput input)
    {
        var plan = ReproducibleTar.Plan(input.Entries);
        var mtime = Timestamp.ToUnixTimeSeconds();

        // Pass 1: the diffID, without compressing.
        string diffId;
        long uncompressedSize;
        using (var hashing = new HashingWriteStream(null))
        {
            ImageBuildException.WrapIO($"reading the files of layer '{input.Name}'", () =>
            {
                ReproducibleTar.Write(plan, hashing, mtime);
                return 0;
            });
            diffId = hashing.GetDigest();
            uncompressedSize = hashing.BytesWritten;
        }

        lock (Locks[(int)((uint)StringComparer.Ordinal.GetHashCode(_cache.Root + "|" + diffId) % (uint)Locks.Length)])
        {
            if (_cache.TryGetCompressed(diffId) is { } cached)
            {
                return new BuiltLayer(input.Name, diffId, cached.Digest, cached.Size, cached.MediaType, cached.Path, uncompressedSize, FromCache: true);
            }

            // Pass 2: tar -> (diffID hash) -> gzip -> header normalization -> (digest hash) -> temp file.
            var temp = _cache.NewTempPath();
            try
            {
                var (digest, size, diffId2) = ImageBuildException.WrapIO($"writing layer '{input.Name}' to {_cache.Root}", () =>
                {
                    using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                    using var compressedHash = new HashingWriteStream(file);
                    using var normalizer = new GzipHeaderNormalizingStream(compressedHash);
                    string innerDiffId;
                    using (var gzip = new GZipStream(normalizer, _options.CompressionLevel, leaveOpen: true))
                    using (var tarHash = new HashingWriteStream(gzip))
                    {
                        ReproducibleTar.Write(plan, tarHash, mtime);
                        innerDiffId = tarHash.GetDigest();
                    }
                    file.Flush(flushToDisk: true);
                    return (compressedHash.GetDigest(), compressedHash.BytesWritten, innerDiffId);
                });
                if (diffId2 != diffId)
                {
                    throw new ImageBuildException(ImageErrorCodes.DigestMismatch,
                        $"the files of layer '{input.Name}' changed while the layer was being written ({diffId} then {diffId2})");
                }
                var path = _cache.Commit(temp, digest);
                _cache.RecordCompressed(diffId, digest, size, MediaTypes.OciLayerGzip);
                return new BuiltLayer(input.Name, diffId, digest, size, MediaTypes.OciLayerGzip, path, uncompressedSize, FromCache: false);
            }
            finally
            {
                BlobCache.TryDelete(temp);
            }
        }
    }
}
