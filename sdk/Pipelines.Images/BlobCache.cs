using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace Pipelines.Images;

/// <summary>A content-addressed store of blobs on disk (<c>blobs/sha256/&lt;hex&gt;</c>) shared by base
/// images pulled from registries or read from archives and by the layers this library builds, plus the
/// <c>diffID -&gt; compressed blob</c> map (<c>layers/sha256/&lt;diffID hex&gt;</c>) that lets an unchanged
/// layer be reused without compressing it again (DEFLATE output differs between zlib builds, so
/// recompressing could change a digest). Writes go to a temporary file that is renamed into place, so
/// a blob file that exists is complete; blobs are still verified against their digest once per process
/// before use, and a corrupt one is deleted.</summary>
public sealed class BlobCache
{
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    public BlobCache(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary><c>$PIPELINES_IMAGE_CACHE</c>, else <c>$XDG_CACHE_HOME/pipelines/images</c>, else
    /// <c>~/.cache/pipelines/images</c>.</summary>
    public static string DefaultRoot
    {
        get
        {
            var explicitRoot = Environment.GetEnvironmentVariable("PIPELINES_IMAGE_CACHE");
            if (!string.IsNullOrEmpty(explicitRoot))
            {
                return explicitRoot;
            }
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "pipelines", "images");
        }
    }

    public string GetPath(string digest) => Path.Combine(Root, "blobs", "sha256", Digests.Hex(digest));

    public bool Contains(string digest) => File.Exists(GetPath(digest));

    /// <summary>Removes temporary files older than <paramref name="age"/>: what interrupted downloads and writes left.
    /// The cache is shared by every build on the machine, so younger files may belong to a build still running.</summary>
    public int RemoveStaleTemporaryFiles(TimeSpan age)
    {
        var dir = Path.Combine(Root, "tmp");
        if (!Directory.Exists(dir))
        {
            return 0;
        }
        var removed = 0;
        var cutoff = DateTime.UtcNow - age;
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                TryDelete(file.FullName);
                removed += File.Exists(file.FullName) ? 0 : 1;
            }
        }
        return removed;
    }

    internal string NewTempPath()
    {
        var dir = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Moves a fully written temporary file into place under <paramref name="digest"/>.</summary>
    internal string Commit(string tempPath, string digest)
    {
        var target = GetPath(digest);
        ImageBuildException.WrapIO($"storing blob {digest} in the cache {Root}", () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(tempPath, target, overwrite: true);
            return 0;
        });
        _verified[digest] = true;
        return target;
    }

    /// <summary>Copies <paramref name="content"/> into the cache, hashing it on the way; when
    /// <paramref name="expectedDigest"/> is given the content must hash to it (PIPE4005 otherwise).
    /// Returns the digest.</summary>
    public async Task<string> AddAsync(Stream content, string? expectedDigest, string what, CancellationToken cancellationToken = default)
    {
        if (expectedDigest is not null && TryGetVerified(expectedDigest, out _))
        {
            return expectedDigest;
        }
        var temp = NewTempPath();
        try
        {
            var digest = await ImageBuildException.WrapIOAsync($"writing {what} to the cache {Root}", async () =>
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
                return Digests.FromHash(hash);
            }).ConfigureAwait(false);
            if (expectedDigest is not null && digest != expectedDigest)
            {
                throw new ImageBuildException(ImageErrorCodes.DigestMismatch, $"{what}: expected {expectedDigest} but the content hashes to {digest}");
            }
            Commit(temp, digest);
            return digest;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>True (with the path) when the blob is present and hashes to its name. A present but corrupt
    /// blob is deleted and false is returned, so the caller fetches it again.</summary>
    internal bool TryGetVerified(string digest, out string path)
    {
        path = GetPath(digest);
        if (!File.Exists(path))
        {
            return false;
        }
        if (_verified.ContainsKey(digest))
        {
            return true;
        }
        var file = path;
        var actual = ImageBuildException.WrapIO($"reading cached blob {digest}", () => Digests.Sha256File(file));
        if (actual != digest)
        {
            TryDelete(path);
            return false;
        }
        _verified[digest] = true;
        return true;
    }

    /// <summary>Forgets which blobs were verified in this process (so the next use re-hashes them).</summary>
    public void ForgetVerification() => _verified.Clear();

    internal CachedLayer? TryGetCompressed(string diffId)
    {
        var map = MapPath(diffId);
        if (!File.Exists(map))
        {
            return null;
        }
        try
        {
            var lines = File.ReadAllLines(map);
            if (lines.Length >= 3 && Digests.IsValid(lines[0])
                && long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && TryGetVerified(lines[0], out var path) && new FileInfo(path).Length == size)
            {
                return new CachedLayer(lines[0], size, lines[2], path);
            }
        }
        catch (IOException)
        {
            // Treated as a miss: the layer is rebuilt and the map rewritten.
        }
        return null;
    }

    internal void RecordCompressed(string diffId, string digest, long size, string mediaType)
    {
        var map = MapPath(diffId);
        ImageBuildException.WrapIO($"recording layer {diffId} in the cache {Root}", () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(map)!);
            var temp = NewTempPath();
            File.WriteAllText(temp, $"{digest}\n{size.ToString(CultureInfo.InvariantCulture)}\n{mediaType}\n");
            File.Move(temp, map, overwrite: true);
            return 0;
        });
    }

    private string MapPath(string diffId) => Path.Combine(Root, "layers", "sha256", Digests.Hex(diffId));

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal sealed record CachedLayer(string Digest, long Size, string MediaType, string Path);
}
