using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local.Tests;

/// <summary>Cancellation in the engine itself, with an executor whose tasks run until they are stopped
/// (the docker-mode test in <see cref="ContainerComponentTests"/> does the same with real containers).</summary>
[TestClass]
public sealed class CancellationTests
{
    /// <summary>Every container task "runs" until cancelled; remembers which tasks were started at all.</summary>
    private sealed class UntilStoppedExecutor : ITaskExecutor
    {
        public ConcurrentBag<string> Started { get; } = [];
        public TaskCompletionSource FirstStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task PrepareAsync(PipelinePackage package, IReadOnlyCollection<ContainerExecutor> executors, CancellationToken cancellationToken) => Task.CompletedTask;

        public IEnumerable<string> Notices(IReadOnlyCollection<ContainerExecutor> executors) => [];

        public async Task<ExecutionResult> RunAsync(TaskExecution execution, CancellationToken cancellationToken)
        {
            Started.Add(execution.TaskPath);
            FirstStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new ExecutionResult(0);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [TestMethod]
    public async Task A_cancelled_run_stops_what_runs_starts_nothing_else_and_runs_no_exit_handler()
    {
        var runs = BuiltSamples.NewRunsRoot("cancel-engine");
        var yaml = ShellPipelines.Write(ShellPipelines.Failing());
        var executor = new UntilStoppedExecutor();
        using var cancel = new CancellationTokenSource();

        // One slot: of fail and independent, one runs and the other waits for the slot when the run is cancelled.
        var running = LocalRunner.RunAsync(yaml, new Dictionary<string, object?>(), new RunOptions { RunsRoot = runs, Executor = executor, Parallelism = 1 }, cancel.Token);
        await executor.FirstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cancel.Cancel();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(RunState.Cancelled, result.State);
        Assert.HasCount(1, executor.Started, "only the first task ever started");
        var ran = executor.Started.Single();
        var waited = ran == "exit-handler-1/fail" ? "independent" : "fail";
        Assert.AreEqual("stopped: the run was cancelled", result.Task(ran).Reason);
        Assert.AreEqual(1, result.Task(ran).Attempts);
        Assert.AreEqual("not started: the run was cancelled", result.Task(waited).Reason, "it was waiting for a slot");
        Assert.AreEqual(0, result.Task(waited).Attempts);
        Assert.AreEqual("not started: the run was cancelled", result.Task("after-fail").Reason, "it was waiting for fail");
        Assert.AreEqual(TaskState.Cancelled, result.Task("exit-handler-1").State);
        var report = result.Task("report");
        Assert.AreEqual(TaskState.Cancelled, report.State);
        StringAssert.StartsWith(report.Reason, "not run: the run was cancelled");
        Assert.DoesNotContain("report", executor.Started, "the exit handler never reached the executor");
        Assert.IsTrue(result.Tasks.All(t => t.State == TaskState.Cancelled), string.Join("\n", result.Tasks.Select(t => $"{t.Path}: {t.State}")));

        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(result.RunDirectory, "run.json")))!;
        Assert.AreEqual("CANCELLED", record["state"]!.GetValue<string>());
        Assert.IsTrue(record["tasks"]!.AsArray().All(t => t!["state"]!.GetValue<string>() == "CANCELLED"), record.ToJsonString());
    }
}
