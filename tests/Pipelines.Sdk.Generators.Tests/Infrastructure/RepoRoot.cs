namespace Pipelines.Sdk.Generators.Tests;

/// <summary>The repository root: the first folder above the test assembly that holds Pipelines.Sdk.sln.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> s_path = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Pipelines.Sdk.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Pipelines.Sdk.sln above {AppContext.BaseDirectory}.");
    });

    public static string Path => s_path.Value;
}
