namespace Pipelines.Local;

/// <summary>Run directories shared with containers whose user is not ours (our images run as 1654).</summary>
internal static class RunDirectories
{
    /// <summary>The folders above the runs root must be traversable by the containers' user: a runs
    /// root inside e.g. a 0700 home folder is refused (before anything runs) with the reason.</summary>
    public static void CheckReachableByContainerUser(string runsRoot)
    {
        if (OperatingSystem.IsWindows()) return;
        for (var dir = Directory.GetParent(runsRoot); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && (File.GetUnixFileMode(dir.FullName) & UnixFileMode.OtherExecute) == 0)
            {
                throw new LocalRunException(LocalDiagnostics.BadOption,
                    $"runs root '{runsRoot}' is inside '{dir.FullName}', which the containers' non-root user cannot enter; pass --runs-root outside it (e.g. under /tmp)");
            }
        }
    }

    /// <summary>Lets the container's user walk into the runs root and the run directory (execute
    /// permission only: nothing becomes readable or writable by that).</summary>
    public static void OpenPathForContainerUser(string runsRoot, string runDirectory)
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var dir in new[] { runsRoot, runDirectory })
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
    }

    /// <summary>Makes a task's own directory writable for the container's user without running it
    /// as root: rwx for everyone on that directory only (its parents stay as they are: they are only traversed).</summary>
    public static void OpenForContainerUser(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var all = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                  | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                  | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        foreach (var dir in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Prepend(directory))
            File.SetUnixFileMode(dir, all);
    }
}
