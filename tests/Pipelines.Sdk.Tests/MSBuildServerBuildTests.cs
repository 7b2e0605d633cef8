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
        // Set by `dotnet test` for what it runs, and inherited here: with it, the .NET CLI builds without the server.
        ["MSBUILDENSURESTDOUTFORTASKPROCESSES"] = "",
    };

    [TestMethod]
    public void Builds_in_one_MSBuild_server_follow_an_edit_and_its_undoing()
    {
        var root = SampleWorkspace.CopySample("HyperparameterSweep");
        try
        {
            var project = Path.Combine(root, "HyperparameterSweep");
            // Each build writes down the command line of the process that ran its targets: the server's has /nodemode:8.
            var projectFile = Path.Combine(project, "HyperparameterSweep.csproj");
            var ranIn = Path.Combine(root, "ran-in.txt");
            File.WriteAllText(projectFile, File.ReadAllText(projectFile).Replace("</Project>",
                $"  <Target Name=\"_TestRanIn\" AfterTargets=\"Build\"><WriteLinesToFile File=\"{ranIn}\" Lines=\"$([System.Environment]::CommandLine)\" Overwrite=\"true\" /></Target>\n</Project>",
                StringComparison.Ordinal));
            JsonObject Build(string what)
            {
                var output = DotnetCli.Run("dotnet", ["build", "HyperparameterSweep", $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}"], root, ServerOn)
                    .AssertSuccess(what).Output;
                StringAssert.Contains(File.ReadAllText(ranIn), "nodemode:8", $"{what} ran in an MSBuild server:\n{CommandResult.Tail(output)}");
                return JsonNode.Parse(File.ReadAllText(Path.Combine(project, "obj", "Debug", "net10.0", "pipelines", "images.json")))!.AsObject();
            }
            var before = Build("first build (starts the server)");

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
}
