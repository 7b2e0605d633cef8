using System.Runtime.CompilerServices;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// Snapshot checks without Verify: each generated file is compared with
/// <c>Baselines/&lt;Test&gt;/&lt;HintName&gt;.txt</c> in the source tree. Set
/// <c>PIPELINES_UPDATE_BASELINES=1</c> to rewrite them, then review the diff.
/// </summary>
internal static class Baselines
{
    private static readonly Lazy<string> s_directory = new(() =>
        Path.Combine(RepoRoot.Path, "tests", "Pipelines.Sdk.Generators.Tests", "Baselines"));

    private static bool Update => Environment.GetEnvironmentVariable("PIPELINES_UPDATE_BASELINES") == "1";

    public static void AssertMatches(GeneratorResult result, [CallerMemberName] string test = "")
    {
        var folder = Path.Combine(s_directory.Value, test);
        var expectedFiles = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.txt").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string?>(StringComparer.Ordinal);

        if (Update)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            foreach (var generated in result.Generated)
                File.WriteAllText(Path.Combine(folder, generated.HintName + ".txt"), Normalize(generated.SourceText.ToString()));
            return;
        }

        var actualFiles = result.Generated.Select(g => g.HintName + ".txt").ToHashSet(StringComparer.Ordinal);
        Assert.IsTrue(expectedFiles.SetEquals(actualFiles),
            $"Generated files [{string.Join(", ", actualFiles.Order())}] differ from baselines [{string.Join(", ", expectedFiles.Order())}] in {folder}. " +
            "Run with PIPELINES_UPDATE_BASELINES=1 to update.");
        foreach (var generated in result.Generated)
        {
            var expected = Normalize(File.ReadAllText(Path.Combine(folder, generated.HintName + ".txt")));
            Assert.AreEqual(expected, Normalize(generated.SourceText.ToString()),
                $"{generated.HintName} differs from its baseline. Run with PIPELINES_UPDATE_BASELINES=1 to update.");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
