using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Fingerprints;

/// <summary>SHA-256 over a canonical serialization: strings length-prefixed, numbers little-endian, so
/// two different sequences of values never hash the same bytes.</summary>
/// <remarks>The bytes are collected in memory and hashed once in <see cref="Finish"/>: a walk makes thousands of these
/// hashes of a few hundred bytes each, written a few bytes at a time, and every append to an incremental hash is a call
/// into the platform's crypto library that costs more than hashing the bytes.</remarks>
internal sealed class CanonicalHash : IDisposable
{
    private readonly ArrayBufferWriter<byte> _bytes = new(256);

    public CanonicalHash Write(string? value)
    {
        if (value is null) return Write(-1);
        var length = Encoding.UTF8.GetByteCount(value);
        Write(length);
        _bytes.Advance(Encoding.UTF8.GetBytes(value, _bytes.GetSpan(length)));
        return this;
    }

    public CanonicalHash Write(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_bytes.GetSpan(8), value);
        _bytes.Advance(8);
        return this;
    }

    public CanonicalHash Write(ReadOnlySpan<byte> bytes)
    {
        Write(bytes.Length);
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>Lowercase hex of the digest of everything written since the start or the last call.</summary>
    public string Finish()
    {
        var digest = Of(_bytes.WrittenSpan);
        _bytes.ResetWrittenCount();
        return digest;
    }

    public void Dispose()
    {
        // Nothing to release: kept so that callers scope a hash with `using` as they would an incremental one.
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
