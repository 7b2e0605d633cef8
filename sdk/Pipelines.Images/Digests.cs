using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Pipelines.Images;

/// <summary>sha256 digests in the <c>sha256:&lt;hex&gt;</c> form.</summary>
public static partial class Digests
{
    public static string Sha256(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256(Stream stream) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));

    public static string Sha256File(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Sha256(stream);
    }

    public static bool IsValid(string? digest) => digest is not null && Sha256Regex().IsMatch(digest);

    /// <summary>The hex part of a sha256 digest; throws PIPE4007 for anything else (so it is safe as a file name).</summary>
    public static string Hex(string digest)
    {
        if (!IsValid(digest))
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"'{digest}' is not a sha256 digest");
        }
        return digest["sha256:".Length..];
    }

    public static string FromHash(IncrementalHash hash) => "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Sha256Regex();
}
