using System.Text.Json.Nodes;

namespace Pipelines.Local.Tests;

/// <summary>The samples, built as a user builds them, run whole by the engine.</summary>
[TestClass]
public sealed class SampleRunTests
{
    private static readonly string[] ChurnSteps = ["generate-data", "clean", "split", "train", "evaluate"];

    [TestMethod]
    public async Task Churn_runs_in_processes_then_is_fully_cached_then_a_changed_parameter_reruns_only_its_dependants()
    {
        var runs = BuiltSamples.NewRunsRoot("churn");
        var options = new RunOptions { RunsRoot = runs };

        var first = await LocalRunner.RunAsync(BuiltSamples.ChurnYaml, new Dictionary<string, object?> { ["rows"] = 400 }, options);
        Assert.AreEqual(RunState.Succeeded, first.State, Describe(first));
        foreach (var step in ChurnSteps) Assert.AreEqual(TaskState.Succeeded, first.Task(step).State, step);
        Assert.AreEqual(400L, first.Task("generate-data").OutputParameters["Output"]!.GetValue<long>());
        var accuracy = first.Task("evaluate").OutputParameters["Output"]!.GetValue<double>();
        Assert.IsTrue(accuracy is > 0.5 and <= 1.0, $"accuracy {accuracy}");
        Assert.IsTrue(Directory.Exists(first.Task("train").ArtifactPath("model")), "the model (a folder) is on disk");
        StringAssert.StartsWith(first.Task("train").ArtifactPath("model"), Path.Combine(runs, $"churn-training-{first.RunId}", "train"));
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(first.RunDirectory, "run.json")))!;
        Assert.AreEqual("SUCCEEDED", record["state"]!.GetValue<string>());
        Assert.AreEqual(400, record["parameters"]!["rows"]!.GetValue<int>());
        Assert.AreEqual("median", record["parameters"]!["imputation"]!.GetValue<string>(), "defaults are recorded");
        Assert.IsTrue(File.Exists(first.Task("train").StdoutPath!), "per-task stdout is kept");
        var picture = File.ReadAllText(Path.Combine(first.RunDirectory, "run.svg"));
        foreach (var step in ChurnSteps) StringAssert.Contains(picture, step, "every task is in the run picture");
        StringAssert.Contains(picture, Pipelines.Graphs.StateColours.For(Pipelines.Graphs.TaskState.Succeeded).Fill, "coloured by state");

        var second = await LocalRunner.RunAsync(BuiltSamples.ChurnYaml, new Dictionary<string, string> { ["rows"] = "400" }, options);
        Assert.AreEqual(RunState.Succeeded, second.State, Describe(second));
        foreach (var step in ChurnSteps) Assert.AreEqual(TaskState.Cached, second.Task(step).State, $"{step}: {second.Task(step).Reason}");
        Assert.AreEqual(accuracy, second.Task("evaluate").OutputParameters["Output"]!.GetValue<double>());

        var third = await LocalRunner.RunAsync(BuiltSamples.ChurnYaml, new Dictionary<string, object?> { ["rows"] = 400, ["imputation"] = "mean" }, options);
        Assert.AreEqual(RunState.Succeeded, third.State, Describe(third));
        Assert.AreEqual(TaskState.Cached, third.Task("generate-data").State, "generate-data does not read imputation");
        foreach (var step in ChurnSteps.Skip(1))
        {
            Assert.AreEqual(TaskState.Succeeded, third.Task(step).State, step);
            StringAssert.StartsWith(third.Task(step).Reason!, "ran: no cached result", step);
        }

        var uncached = await LocalRunner.RunAsync(BuiltSamples.ChurnYaml, new Dictionary<string, object?> { ["rows"] = 400 }, options with { UseCache = false });
        Assert.AreEqual(TaskState.Succeeded, uncached.Task("generate-data").State);
        Assert.AreEqual("ran: --no-cache", uncached.Task("generate-data").Reason);
    }

    [TestMethod]
    public async Task Churn_runs_in_docker_without_network_as_the_images_non_root_user()
    {
        var runs = BuiltSamples.NewRunsRoot("churn-docker");
        var options = new RunOptions { RunsRoot = runs, Mode = RunMode.Docker, NoNetwork = true, DockerEndpoint = TestEnvironment.DockerHost };
        var result = await LocalRunner.RunAsync(BuiltSamples.ChurnYaml, new Dictionary<string, object?> { ["rows"] = 300 }, options);
        Assert.AreEqual(RunState.Succeeded, result.State, Describe(result));
        foreach (var step in ChurnSteps) Assert.AreEqual(TaskState.Succeeded, result.Task(step).State, step);
        var model = result.Task("train").ArtifactPath("model");
        Assert.AreEqual(1654, GetOwner(model), "written by the image's user 1654, not root");
        Assert.IsTrue(result.Task("evaluate").OutputParameters["Output"]!.GetValue<double>() > 0.5);
    }

    [TestMethod]
    public async Task Sweep_runs_its_loop_collects_picks_the_best_branches_on_the_threshold_and_runs_the_exit_handler()
    {
        var runs = BuiltSamples.NewRunsRoot("sweep");
        var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["model-registry"] = new Dictionary<string, string> { ["token"] = "t0k3n" } };
        var options = new RunOptions { RunsRoot = runs, Secrets = secrets };

        var deploy = await LocalRunner.RunAsync(BuiltSamples.SweepYaml, new Dictionary<string, object?> { ["rows"] = 300, ["accuracy_threshold"] = 0.5 }, options);
        Assert.AreEqual(RunState.Succeeded, deploy.State, Describe(deploy));
        var evaluations = deploy.Steps.Where(t => t.Name == "evaluate").ToList();
        Assert.HasCount(6, evaluations, "one per learning rate");
        var results = deploy.Task("pick-best").OutputParameters;
        var best = results["accuracy"]!.GetValue<double>();
        Assert.AreEqual(evaluations.Max(e => e.OutputParameters["Output"]!["accuracy"]!.GetValue<double>()), best, 1e-9, "pick-best saw every iteration's output");
        Assert.AreEqual(TaskState.Succeeded, deploy.Task("deploy").State);
        Assert.IsFalse(deploy.Steps.Any(t => t.Name == "reject"), "the else branch did not run");
        StringAssert.Contains(deploy.Task("notify").OutputParameters["Output"]!.GetValue<string>(), "SUCCEEDED");
        Assert.IsTrue(deploy.Notices.Any(n => n.Contains("nodeSelector", StringComparison.Ordinal)), string.Join("; ", deploy.Notices));

        var reject = await LocalRunner.RunAsync(BuiltSamples.SweepYaml, new Dictionary<string, object?> { ["rows"] = 300, ["accuracy_threshold"] = 1.5 }, options);
        Assert.AreEqual(RunState.Succeeded, reject.State, Describe(reject));
        Assert.AreEqual(TaskState.Succeeded, reject.Task("reject").State);
        Assert.IsFalse(reject.Steps.Any(t => t.Name == "deploy"), "the if branch did not run");
        Assert.AreEqual(TaskState.Cached, reject.Task("pick-best").State, "the sweep itself is unchanged");
    }

    [TestMethod]
    public void Dotnet_run_of_the_pipeline_project_runs_its_one_pipeline_locally()
    {
        var runs = BuiltSamples.NewRunsRoot("dotnet-run");
        var run = DotnetCli.Run("dotnet", ["run", "--project", BuiltSamples.ChurnProject, "--no-build", "--", "run", "--set", "rows=300", "--runs-root", runs], BuiltSamples.ChurnProject)
            .AssertSuccess("dotnet run -- run");
        StringAssert.Contains(run.Output, "run succeeded");
        StringAssert.Contains(run.Output, "evaluate");
        var bad = DotnetCli.Run("dotnet", ["run", "--project", BuiltSamples.ChurnProject, "--no-build", "--", "run", "churn-training", "--set", "row=3", "--runs-root", runs], BuiltSamples.ChurnProject);
        Assert.AreNotEqual(0, bad.ExitCode);
        StringAssert.Contains(bad.Output, "PIPE5003");
        StringAssert.Contains(bad.Output, "epochs, imputation, rows");
    }

    private static int GetOwner(string path)
    {
        var info = DotnetCli.Run("stat", ["-c", "%u", path], Path.GetDirectoryName(path)!).AssertSuccess("stat");
        return int.Parse(info.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string Describe(RunResult result) =>
        string.Join("\n", result.Tasks.Select(t => $"{t.Path}: {t.State} {t.Reason}")) + "\n" + string.Join("\n", result.Steps
            .Where(t => t.State == TaskState.Failed && t.StderrPath is not null && File.Exists(t.StderrPath))
            .Select(t => File.ReadAllText(t.StderrPath!)));
}
