namespace Pipelines.Local.Tests;

/// <summary>Each sample is built once per test run (as a user would, against the packed SDK) and
/// shared by every test that runs it; each test gets its own runs root. All of them are deleted when the
/// test assembly is done (<see cref="TestRunCleanup"/>).</summary>
internal static class BuiltSamples
{
    private static readonly Lazy<string> s_churn = new(() => Build("ChurnPrediction", "ChurnPrediction/ChurnPrediction.Pipeline", images: true), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> s_sweep = new(() => Build("HyperparameterSweep", "HyperparameterSweep", images: false), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The churn sample's project folder (with images: docker mode runs it too).</summary>
    public static string ChurnProject => s_churn.Value;
    public static string ChurnYaml => Path.Combine(ChurnProject, "bin", "Debug", "net10.0", "pipelines", "churn-training.yaml");

    public static string SweepProject => s_sweep.Value;
    public static string SweepYaml => Path.Combine(SweepProject, "bin", "Debug", "net10.0", "pipelines", "hyperparameter-sweep.yaml");

    private static string Build(string sample, string project, bool images)
    {
        var root = TestRunCleanup.Track(SampleWorkspace.CopySample(sample));
        var args = new List<string> { "build", project, "-nologo" };
        args.Add(images ? $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}" : "-p:PipelineBuildImages=false");
        DotnetCli.Run("dotnet", args, root).AssertSuccess($"build of samples/{sample}");
        return Path.Combine(root, project);
    }

    public static string NewRunsRoot(string name) => TestRunCleanup.NewFolder($"pipelines-local-{name}-");
}
