namespace Pipelines.Sdk.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository root: the folder holding Pipelines.Sdk.sln above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipelines.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Pipelines.Sdk.sln) above " + AppContext.BaseDirectory);
    }
}
