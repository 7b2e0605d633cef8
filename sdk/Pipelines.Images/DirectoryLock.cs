namespace Pipelines.Images;

/// <summary>An exclusive, cross-process lock on a directory that builds write to (an OCI layout and the archives beside
/// it): two builds of one project at once would otherwise interleave their blobs, index and archives and leave images
/// that no single build makes. The lock is an open file with no sharing (<c>&lt;directory&gt;.lock</c> beside the
/// directory, so the directory itself holds only what its format allows); the operating system drops it when the
/// process dies, so a killed build never leaves a stale lock.</summary>
public sealed class DirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DirectoryLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock on <paramref name="directory"/>, waiting up to <paramref name="timeout"/> for another
    /// holder; <paramref name="waiting"/> is told once, with a sentence naming the lock, when it has to wait.
    /// Gives up with PIPE4010.</summary>
    public static async Task<DirectoryLock> AcquireAsync(string directory, TimeSpan timeout, Action<string>? waiting = null,
        CancellationToken cancellationToken = default)
    {
        var full = System.IO.Path.GetFullPath(directory).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var path = full + ".lock";
        ImageBuildException.WrapIO($"creating {System.IO.Path.GetDirectoryName(path)}", () => Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!));
        var deadline = DateTime.UtcNow + timeout;
        var told = false;
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                return new DirectoryLock(file, path);
            }
            catch (IOException e) when (!ImageBuildException.IsDiskFull(e) && e is not DirectoryNotFoundException && File.Exists(path))
            {
                // The lock file is there and cannot be opened: another build holds it. (When it cannot even be created,
                // waiting would not help: that is an I/O error, below.)
                if (DateTime.UtcNow >= deadline)
                {
                    throw new ImageBuildException(ImageErrorCodes.Locked,
                        $"{full} is still in use by another build after {timeout.TotalSeconds:0} s (lock {path})", e);
                }
                if (!told)
                {
                    told = true;
                    waiting?.Invoke($"waiting for another build that is writing {full} (lock {path})");
                }
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw ImageBuildException.FromIOException(e, $"creating the lock file {path}");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new ImageBuildException(ImageErrorCodes.DiskFullOrIO, $"cannot create the lock file {path}: {e.Message}", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
