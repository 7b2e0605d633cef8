using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipelines.Local.Tests;

/// <summary>KFP-Python-compiler-shaped YAML whose components are container components (<c>sh -c</c>
/// on the offline base image), run in docker mode without network.</summary>
[TestClass]
public sealed class ContainerComponentTests
{
    private static RunOptions Docker(string runs) => new() { Mode = RunMode.Docker, NoNetwork = true, RunsRoot = runs, DockerEndpoint = TestEnvironment.DockerHost };

    [TestMethod]
    public async Task Container_components_run_with_placeholders_importer_loop_fan_in_condition_retry_and_exit_handler()
    {
        var runs = BuiltSamples.NewRunsRoot("showcase");
        var imported = Path.Combine(runs, "imported.txt");
        File.WriteAllText(imported, "from-disk");
        var yaml = ShellPipelines.Write(ShellPipelines.Showcase(imported));

        var result = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?> { ["count"] = 3 }, Docker(runs));
        Assert.AreEqual(RunState.Succeeded, result.State, SampleRunTests.Describe(result));
        Assert.AreEqual(3L, result.Task("produce").OutputParameters["total"]!.GetValue<long>());
        Assert.AreEqual("item-0\nitem-1\nitem-2\n", File.ReadAllText(result.Task("produce").ArtifactPath("data")), "the default prefix was filled in");
        Assert.AreEqual("item-0|suffix=!|from-disk|4", result.Task("consume").OutputParameters["line"]!.GetValue<string>(), "Concat joined, IfPresent of an absent input dropped");
        Assert.AreEqual(imported, result.Task("importer").ArtifactPath("artifact"));
        CollectionAssert.AreEquivalent(new long[] { 1, 4, 9 }, result.Steps.Where(t => t.Name == "square").Select(t => t.OutputParameters["y"]!.GetValue<long>()).ToArray());
        Assert.AreEqual(14L, result.Task("sum").OutputParameters["total"]!.GetValue<long>(), "the loop's outputs were collected");
        Assert.AreEqual("total is 3", result.Task("announce").OutputParameters["message"]!.GetValue<string>(), "int(total) > 2 held");
        Assert.AreEqual(2, result.Task("flaky").Attempts, "the flaky task was retried once");
        Assert.AreEqual(TaskState.Succeeded, result.Task("flaky").State);
        StringAssert.Contains(File.ReadAllText(result.Task("flaky").StderrPath!), "first attempt fails");
        StringAssert.Contains(result.Task("report").OutputParameters["state"]!.GetValue<string>(), "\"state\":\"SUCCEEDED\"");

        var small = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?> { ["count"] = 2 }, Docker(runs));
        Assert.AreEqual(RunState.Succeeded, small.State, SampleRunTests.Describe(small));
        Assert.IsFalse(small.Steps.Any(t => t.Name == "announce"), "int(total) > 2 did not hold");
        Assert.AreEqual(TaskState.Skipped, small.Task("exit-handler-1/condition-3").State);
        Assert.AreEqual(TaskState.Cached, small.Task("sum").State, "the loop does not depend on count");
        Assert.AreEqual(TaskState.Succeeded, small.Task("flaky").State, "caching is off for flaky");
    }

    [TestMethod]
    public async Task A_failed_task_stops_only_its_dependants_and_the_exit_handler_reports_the_failure()
    {
        var runs = BuiltSamples.NewRunsRoot("failing");
        var yaml = ShellPipelines.Write(ShellPipelines.Failing());
        var result = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?>(), Docker(runs));
        Assert.AreEqual(RunState.Failed, result.State);
        Assert.AreEqual(TaskState.Failed, result.Task("fail").State);
        StringAssert.Contains(result.Task("fail").Reason!, "exited with code 3");
        StringAssert.Contains(File.ReadAllText(result.Task("fail").StdoutPath!), "step exits with 3");
        Assert.AreEqual(TaskState.Skipped, result.Task("after-fail").State);
        Assert.AreEqual(TaskState.Succeeded, result.Task("independent").State, "a failure stops its dependants, nothing else");
        Assert.AreEqual(TaskState.Succeeded, result.Task("report").State, "the exit handler runs after a failure");
        StringAssert.Contains(result.Task("report").OutputParameters["state"]!.GetValue<string>(), "\"state\":\"FAILED\"");

        var again = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?>(), Docker(runs));
        Assert.AreEqual(TaskState.Cached, again.Task("independent").State, "a succeeded task's cache stays valid after a failed run");
        Assert.AreEqual(TaskState.Failed, again.Task("fail").State, "failures are not cached");
    }

    [TestMethod]
    public async Task Cancelling_a_run_stops_its_containers_and_leaves_a_consistent_run_record()
    {
        var runs = BuiltSamples.NewRunsRoot("cancel");
        var yaml = ShellPipelines.Write(ShellPipelines.Failing(sleepSeconds: 120));
        using var cancel = new CancellationTokenSource();
        var observer = new CancelWhenRunning("exit-handler-1/independent", "exit-handler-1/fail", cancel);
        var started = DateTime.UtcNow;
        var result = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?>(), Docker(runs) with { Observer = observer }, cancel.Token);
        Assert.IsTrue(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the 120 s task was stopped");
        Assert.AreEqual(RunState.Cancelled, result.State);
        Assert.AreEqual(TaskState.Cancelled, result.Task("independent").State);
        Assert.AreEqual("stopped: the run was cancelled", result.Task("independent").Reason);
        Assert.AreEqual(TaskState.Failed, result.Task("fail").State, "what ended before the cancellation keeps its state");

        // As on Kubeflow (a terminated run's Argo workflow gets activeDeadlineSeconds 0 and starts no pod, the exit
        // handler's included), the exit handler does not run after a cancellation: recorded as such, never started.
        var report = result.Task("report");
        Assert.AreEqual(TaskState.Cancelled, report.State);
        StringAssert.Contains(report.Reason!, "not run: the run was cancelled");
        Assert.AreEqual(0, report.Attempts);
        Assert.IsNull(report.Started);
        Assert.IsFalse(Directory.Exists(Path.Combine(result.RunDirectory, "report")), "nothing of the exit handler ran");

        // The record on disk is the final one and says what the result says, task by task.
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(result.RunDirectory, "run.json")))!;
        Assert.AreEqual("CANCELLED", record["state"]!.GetValue<string>());
        Assert.IsFalse(record["tasks"]!.AsArray().Any(t => t!["state"]!.GetValue<string>() is "RUNNING" or "PENDING" or "RETRYING"), record.ToJsonString());
        foreach (var task in result.Tasks)
        {
            var recorded = record["tasks"]!.AsArray().Single(t => t!["path"]!.GetValue<string>() == task.Path)!;
            Assert.AreEqual(task.State.ToString().ToUpperInvariant(), recorded["state"]!.GetValue<string>(), task.Path);
            Assert.AreEqual(task.Reason, recorded["reason"]?.GetValue<string>(), task.Path);
        }
        Assert.IsFalse(Directory.EnumerateFiles(result.RunDirectory, "*.tmp", SearchOption.AllDirectories).Any(), "no half-written record is left");
        // The picture is the final one too (drawn while the run went with every task pending, coloured at the end).
        var picture = File.ReadAllText(Path.Combine(result.RunDirectory, "run.svg"));
        StringAssert.Contains(picture, "exit-handler-1/fail (failed)");
        StringAssert.Contains(picture, "report (skipped)");
        Assert.DoesNotContain("(pending)", picture);
        Assert.DoesNotContain("(running)", picture);

        using var client = new DockerClientConfiguration(new Uri(TestEnvironment.DockerHost)).CreateClient();
        var left = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        Assert.IsFalse(left.Any(c => c.Labels.TryGetValue("pipelines.local.task", out var t) && t == "exit-handler-1/independent" && c.Mounts.Any(m => m.Source.StartsWith(runs, StringComparison.Ordinal))),
            "no container of the run is left");
    }

    [TestMethod]
    public async Task An_image_pinned_by_digest_that_is_neither_in_the_layout_nor_in_the_engine_is_pulled_by_digest()
    {
        var reference = await RegistryCopies.OfBaseImageAsync();
        using var client = new DockerClientConfiguration(new Uri(TestEnvironment.DockerHost)).CreateClient();
        Assert.IsFalse(await InEngineAsync(client, reference), $"precondition: the engine does not have {reference} yet");
        try
        {
            var runs = BuiltSamples.NewRunsRoot("pull");
            var yaml = ShellPipelines.Write(ShellPipelines.OneTask(reference));
            Assert.IsFalse(Directory.Exists(Path.Combine(Path.GetDirectoryName(yaml)!, "images")), "no OCI layout beside the YAML");

            var result = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?>(), Docker(runs));
            Assert.AreEqual(RunState.Succeeded, result.State, SampleRunTests.Describe(result));
            Assert.AreEqual("hello from the image", result.Task("say").OutputParameters["out"]!.GetValue<string>());
            var pulled = await client.Images.InspectImageAsync(reference);
            CollectionAssert.Contains(pulled.RepoDigests.ToList(), reference, "the engine pulled the image by its digest");
        }
        finally
        {
            // Only this test's own reference: the image itself stays (the base image's tags hold it).
            if (await InEngineAsync(client, reference))
                await client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { NoPrune = true });
        }
    }

    private static async Task<bool> InEngineAsync(DockerClient client, string reference)
    {
        try
        {
            await client.Images.InspectImageAsync(reference);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    [TestMethod]
    public async Task Nested_loops_nested_pipelines_one_of_volumes_config_maps_secrets_and_timeouts_behave_as_on_a_cluster()
    {
        var runs = BuiltSamples.NewRunsRoot("groups");
        var yaml = ShellPipelines.Write(ShellPipelines.Groups());
        var options = Docker(runs) with
        {
            Secrets = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["creds"] = new Dictionary<string, string> { ["token"] = "s3cret" } },
            ConfigMaps = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["settings"] = new Dictionary<string, string> { ["level"] = "debug" } },
        };
        var result = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?> { ["flag"] = false }, options);

        Assert.AreEqual(RunState.Failed, result.State, "the slow task ran over its deadline");
        Assert.AreEqual(TaskState.Failed, result.Task("slow").State);
        StringAssert.Contains(result.Task("slow").Reason!, "timed out");
        Assert.HasCount(4, result.Steps.Where(t => t.Name == "make").ToList(), "2 x 2 iterations\n" + SampleRunTests.Describe(result));
        Assert.AreEqual("4 files, tags [\"1a\",\"1b\",\"2a\",\"2b\"]", result.Task("join").OutputParameters["summary"]!.GetValue<string>(),
            "inner loops' lists are flattened into the outer loop's collection, in item order");
        Assert.AreEqual(42L, result.Task("twice").OutputParameters["y"]!.GetValue<long>());
        Assert.AreEqual("got 42", result.Task("use").OutputParameters["out"]!.GetValue<string>(), "a nested pipeline's output");
        Assert.AreEqual("said no", result.Task("say").OutputParameters["out"]!.GetValue<string>(), "the one-of took the branch that ran");
        Assert.AreEqual("shared-data|debug|s3cret|local", result.Task("reader").OutputParameters["out"]!.GetValue<string>(),
            "PVC shared between tasks, config map as files, secret and container env as env");

        var yes = await LocalRunner.RunAsync(yaml, new Dictionary<string, object?> { ["flag"] = true }, options);
        Assert.AreEqual("said yes", yes.Task("say").OutputParameters["out"]!.GetValue<string>());
        Assert.AreEqual(TaskState.Cached, yes.Task("join").State);
    }

    /// <summary>Cancels the run once <paramref name="running"/> runs and <paramref name="failed"/> has failed, however long
    /// each takes on a loaded machine (a fixed delay after the first let the second still be running, now and then).</summary>
    private sealed class CancelWhenRunning(string running, string failed, CancellationTokenSource cancel) : IRunObserver
    {
        private int _seen;

        public void OnNotice(string notice) { }

        public void OnTaskUpdate(TaskUpdate update)
        {
            var seen = update.Path == running && update.State == TaskState.Running ? 1
                : update.Path == failed && update.State == TaskState.Failed ? 2 : 0;
            if (seen != 0 && (Interlocked.Or(ref _seen, seen) | seen) == 3) cancel.Cancel();
        }
    }
}
