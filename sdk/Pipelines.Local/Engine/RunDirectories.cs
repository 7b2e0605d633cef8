namespace Pipelines.Local;

/// <summary>Run directories shared with containers whose user is not ours (our images run as 1654).</summary>
internal static class RunDirectories
{
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
