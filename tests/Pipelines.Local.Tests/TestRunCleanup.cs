namespace Pipelines.Local.Tests;

/// <summary>Temporary folders of this test assembly (sample builds, runs roots, written pipelines): made here and
/// deleted when the assembly's tests are done, so test runs leave nothing behind in the temporary folder.</summary>
[TestClass]
public sealed class TestRunCleanup
{
    private static readonly System.Collections.Concurrent.ConcurrentBag<string> s_folders = [];

    /// <summary>A new empty folder under the temporary folder, named <paramref name="prefix"/> and a random suffix.</summary>
    public static string NewFolder(string prefix) => Track(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>Deletes <paramref name="folder"/> when the assembly's tests are done.</summary>
    public static string Track(string folder)
    {
        s_folders.Add(folder);
        return folder;
    }

    [AssemblyCleanup]
    public static void DeleteFolders()
    {
        foreach (var folder in s_folders) SampleWorkspace.TryDelete(folder);
    }
}
