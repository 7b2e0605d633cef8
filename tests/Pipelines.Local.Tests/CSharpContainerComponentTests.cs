namespace Pipelines.Local.Tests;

/// <summary>
/// A pipeline of [ContainerComponent]s written in C#, traced the way the build traces it
/// (<c>--emit-pipelines</c>), run by the engine: in docker mode each task runs its own image and
/// command line with KFP's placeholders filled in; process mode refuses them (they are not .NET).
/// </summary>
[TestClass]
public sealed class CSharpContainerComponentTests
{
    private static async Task<string> Trace()
    {
        var dir = TestRunCleanup.NewFolder("pipelines-local-csharp-");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // No executors file: container components need no image from the build.
        var code = await PipelineHost.RunAsync(["--emit-pipelines", dir], [], [ShellFlowsTasks.RunPipeline], stdout, stderr);
        Assert.AreEqual(0, code, stderr.ToString());
        return Path.Combine(dir, "csharp-container-components.json");
    }

    [TestMethod]
    public async Task Container_components_declared_in_CSharp_run_in_docker_mode()
    {
        var pipeline = await Trace();
        var runs = BuiltSamples.NewRunsRoot("csharp-containers");
        var options = new RunOptions { Mode = RunMode.Docker, NoNetwork = true, RunsRoot = runs, DockerEndpoint = TestEnvironment.DockerHost };

        var result = await LocalRunner.RunAsync(pipeline, new Dictionary<string, object?>(), options);

        Assert.AreEqual(RunState.Succeeded, result.State, SampleRunTests.Describe(result));
        Assert.AreEqual("row-0\nrow-1\nrow-2\n", File.ReadAllText(result.Task("write-lines").ArtifactPath("lines")), "the int input and IfPresent's then");
        Assert.AreEqual("line-0\nline-1\n", File.ReadAllText(result.Task("write-lines-2").ArtifactPath("lines")), "IfPresent's else: no prefix given");
        Assert.AreEqual(3L, result.Task("count-lines").OutputParameters["total"]!.GetValue<long>(), "an integer output parameter written to its output_file");
        Assert.AreEqual("[three]|row-0", result.Task("count-lines").OutputParameters["summary"]!.GetValue<string>(), "Concat and the input artifact's path");
    }

    [TestMethod]
    public async Task Process_mode_refuses_them_with_its_clear_error()
    {
        var pipeline = await Trace();
        var options = new RunOptions { Mode = RunMode.Process, RunsRoot = BuiltSamples.NewRunsRoot("csharp-containers-process"), AppDirectory = AppContext.BaseDirectory };

        var error = await Assert.ThrowsExactlyAsync<LocalRunException>(() => LocalRunner.RunAsync(pipeline, new Dictionary<string, object?>(), options));

        Assert.AreEqual("PIPE5006", error.Code);
        StringAssert.Contains(error.Message, "is not a .NET component of this app (command: sh -ec");
        StringAssert.Contains(error.Message, "--mode docker");
    }
}
