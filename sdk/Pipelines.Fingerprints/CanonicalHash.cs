using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Fingerprints;

/// <summary>SHA-256 over a canonical serialization: strings length-prefixed, numbers little-endian, so
/// two different sequences of values never hash the same bytes.</summary>
internal sealed class CanonicalHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public CanonicalHash Write(string? value)
    {
        if (value is null) return Write(-1);
        var bytes = Encoding.UTF8.GetBytes(value);
        Write(bytes.Length);
        _hash.AppendData(bytes);
        return this;
    }

    public CanonicalHash Write(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _hash.AppendData(bytes);
        return this;
    }

    public CanonicalHash Write(ReadOnlySpan<byte> bytes)
    {
        Write(bytes.Length);
        _hash.AppendData(bytes);
        return this;
    }

    /// <summary>Lowercase hex of the digest.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
