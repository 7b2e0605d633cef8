using System.Text.Json.Nodes;

namespace Pipelines.Local.Tests;

/// <summary>run.json is rewritten off the tasks' threads (tasks ending together share a rewrite); the
/// final record must still hold every task's end and nothing may overwrite it afterwards.</summary>
[TestClass]
public sealed class RunRecorderTests
{
    [TestMethod]
    public async Task Tasks_ending_together_all_reach_run_json_and_the_final_state_is_the_last_write()
    {
        var runDirectory = TestRunCleanup.NewFolder("pipelines-local-recorder-");
        var recorder = new RunRecorder("p", "r", runDirectory, new Dictionary<string, JsonNode?>(), observer: null);
        var records = Enumerable.Range(0, 64).Select(i => recorder.Add($"t{i}", $"t{i}", $"t{i}", "container")).ToList();
        recorder.Write(RunState.Running);

        var outcome = new TaskOutcome(TaskState.Succeeded, new Dictionary<string, JsonNode?> { ["Output"] = 1 }, new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(), null);
        Parallel.ForEach(records, new ParallelOptions { MaxDegreeOfParallelism = 8 }, r => { recorder.Start(r); recorder.Finish(r, outcome); });
        await recorder.CompleteAsync(RunState.Succeeded);

        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(runDirectory, "run.json")))!;
        Assert.AreEqual("SUCCEEDED", run["state"]!.GetValue<string>());
        var tasks = run["tasks"]!.AsArray();
        Assert.HasCount(64, tasks);
        Assert.IsTrue(tasks.All(t => t!["state"]!.GetValue<string>() == "SUCCEEDED" && t["outputParameters"]!["Output"]!.GetValue<int>() == 1), run.ToJsonString());
        Assert.IsFalse(Directory.EnumerateFiles(runDirectory, "*.tmp").Any());

        // A late task end (nothing should end after the run, but nothing may undo the final record either).
        var late = recorder.Add("late", "late", "late", "container");
        recorder.Finish(late, outcome);
        await Task.Delay(200);
        Assert.AreEqual("SUCCEEDED", JsonNode.Parse(File.ReadAllText(Path.Combine(runDirectory, "run.json")))!["state"]!.GetValue<string>());
    }
}
