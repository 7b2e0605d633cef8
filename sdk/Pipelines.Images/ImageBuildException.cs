namespace Pipelines.Images;

/// <summary>Error codes carried by <see cref="ImageBuildException"/>. They are stable: the
/// MSBuild adapters report them as diagnostic codes.</summary>
public static class ImageErrorCodes
{
    /// <summary>The registry could not be reached (connection refused/reset, DNS, timeout), after retries.</summary>
    public const string RegistryUnreachable = "PIPE4001";
    /// <summary>The registry (or its token service) answered 401: no or wrong credentials.</summary>
    public const string Unauthorized = "PIPE4002";
    /// <summary>The registry answered 403: the credentials do not grant the operation.</summary>
    public const string Forbidden = "PIPE4003";
    /// <summary>The base image (manifest, platform or ref name) does not exist.</summary>
    public const string BaseImageNotFound = "PIPE4004";
    /// <summary>Content does not hash to the digest that names it.</summary>
    public const string DigestMismatch = "PIPE4005";
    /// <summary>Disk full or another local I/O error.</summary>
    public const string DiskFullOrIO = "PIPE4006";
    /// <summary>An image reference (or a file that should hold an image) is malformed.</summary>
    public const string BadReference = "PIPE4007";
    /// <summary>The registry answered another 4xx/5xx, or kept answering 5xx/429 after retries.</summary>
    public const string RegistryError = "PIPE4008";
    /// <summary>A registry named a token realm that must not be sent credentials (see <see cref="TokenRealm"/>).</summary>
    public const string RejectedRealm = "PIPE4009";
    /// <summary>Another build kept a directory this build writes (an OCI layout) locked for too long.</summary>
    public const string Locked = "PIPE4010";
}

/// <summary>A failure while reading, building, writing or pushing an image. <see cref="Code"/> is one of
/// <see cref="ImageErrorCodes"/>; the message names the registry, repository and blob/manifest involved.</summary>
public sealed class ImageBuildException : Exception
{
    public ImageBuildException(string code, string message, Exception? innerException = null)
        : base($"{code}: {message}", innerException)
    {
        Code = code;
    }

    public string Code { get; }

    /// <summary>The HTTP status the registry answered, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Linux ENOSPC / EDQUOT; Windows ERROR_HANDLE_DISK_FULL / ERROR_DISK_FULL.</summary>
    internal static bool IsDiskFull(IOException e) =>
        e.HResult is 28 or 122 or unchecked((int)0x80070027) or unchecked((int)0x80070070);

    /// <summary>Maps a local I/O failure to PIPE4006, saying whether the disk is full.</summary>
    public static ImageBuildException FromIOException(IOException e, string what) =>
        new(ImageErrorCodes.DiskFullOrIO,
            IsDiskFull(e) ? $"disk full while {what}: {e.Message}" : $"I/O error while {what}: {e.Message}", e);

    /// <summary>Runs <paramref name="action"/>, turning <see cref="IOException"/> into PIPE4006.</summary>
    internal static T WrapIO<T>(string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (IOException e)
        {
            throw FromIOException(e, what);
        }
    }

    internal static async Task<T> WrapIOAsync<T>(string what, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw FromIOException(e, what);
        }
    }
}
