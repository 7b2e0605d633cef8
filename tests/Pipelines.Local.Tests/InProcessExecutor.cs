using Pipelines.Local;
using Pipelines.Local.Ir;

namespace Pipelines.Local.Tests;

/// <summary>
/// A task executor that runs each task as a C# action in the test process: for tests of the engine's semantics (what a
/// task is handed, what reaches the next one) without processes or containers. The action gets the command line the
/// engine resolved (placeholders filled in) and the task execution.
/// </summary>
internal sealed class InProcessExecutor(Action<TaskExecution> run) : ITaskExecutor
{
    /// <summary>Writes its first argument to the file its second argument names: what <c>echo</c> in the test YAML stands for.</summary>
    public static InProcessExecutor Echo() => new(execution =>
    {
        Directory.CreateDirectory(Path.GetDirectoryName(execution.CommandLine[2])!);
        File.WriteAllText(execution.CommandLine[2], execution.CommandLine[1]);
    });

    public Task PrepareAsync(PipelinePackage package, IReadOnlyCollection<ContainerExecutor> executors, CancellationToken cancellationToken) => Task.CompletedTask;

    public IEnumerable<string> Notices(IReadOnlyCollection<ContainerExecutor> executors) => [];

    public Task<ExecutionResult> RunAsync(TaskExecution execution, CancellationToken cancellationToken)
    {
        run(execution);
        return Task.FromResult(new ExecutionResult(0));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
