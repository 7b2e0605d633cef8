using System.Text.Json.Nodes;
using Pipelines.Sdk.Tests.Infrastructure;

namespace Pipelines.Sdk.Tests;

/// <summary>Builds through MSBuild's build server (<c>DOTNET_CLI_USE_MSBUILD_SERVER=1</c>, which the docs measure), where
/// the build tasks and whatever they keep in memory live on from one build to the next: each build still gives exactly
/// the images of the code as it is then.</summary>
[TestClass]
public sealed class MSBuildServerBuildTests
{
    private static readonly Dictionary<string, string> ServerOn = new()
    {
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "0",
    };

    [TestMethod]
    public void Builds_in_one_MSBuild_server_follow_an_edit_and_its_undoing()
    {
        var root = SampleWorkspace.CopySample("HyperparameterSweep");
        try
        {
            var project = Path.Combine(root, "HyperparameterSweep");
            var log = Path.Combine(root, "build.log");
            JsonObject Build(string what)
            {
                // Through a shell, output to a file as in a terminal: the server the first build starts keeps the standard
                // streams it was given, so a pipe read to its end (this runner's) would stay open until the server exits.
                var result = DotnetCli.Run("bash", ["-c", $"dotnet build HyperparameterSweep -p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout} > '{log}' 2>&1"], root, ServerOn);
                Assert.AreEqual(0, result.ExitCode, $"{what}:\n{CommandResult.Tail(File.ReadAllText(log))}");
                return JsonNode.Parse(File.ReadAllText(Path.Combine(project, "obj", "Debug", "net10.0", "pipelines", "images.json")))!.AsObject();
            }
            var before = Build("first build");
            Assert.IsTrue(ServerRunning(), "the build went through an MSBuild server that is still running");

            var steps = Path.Combine(project, "SweepSteps.cs");
            var source = File.ReadAllText(steps);
            const string Old = "$\"not deployed: best accuracy", New = "$\"not deployed: the best accuracy";
            StringAssert.Contains(source, Old);
            File.WriteAllText(steps, source.Replace(Old, New, StringComparison.Ordinal));
            var edited = Build("build after editing reject's body");
            foreach (var (component, image) in before)
            {
                if (component == "reject") Assert.AreNotEqual(image!.GetValue<string>(), edited[component]!.GetValue<string>(), "the edited component");
                else Assert.AreEqual(image!.GetValue<string>(), edited[component]!.GetValue<string>(), component);
            }

            File.WriteAllText(steps, source);
            var undone = Build("build after undoing the edit");
            Assert.IsTrue(JsonNode.DeepEquals(before, undone), $"the first build's images again:\n{before}\n{undone}");
        }
        finally
        {
            DotnetCli.Run("dotnet", ["build-server", "shutdown", "--msbuild"], root, ServerOn);
            SampleWorkspace.TryDelete(root);
        }
    }

    /// <summary>An MSBuild server process (node mode 8) exists.</summary>
    private static bool ServerRunning() =>
        Directory.EnumerateDirectories("/proc").Any(dir =>
        {
            try { return File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("nodemode:8", StringComparison.Ordinal); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        });
}
