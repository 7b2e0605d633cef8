using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>A directory the task sees at <paramref name="ContainerPath"/> (docker mode mounts it; process mode cannot move it).</summary>
public sealed record Mount(string HostPath, string ContainerPath, bool ReadOnly);

/// <summary>One attempt of one container task, with everything resolved.</summary>
public sealed record TaskExecution(
    string TaskPath,
    string TaskDirectory,
    ContainerExecutor Executor,
    IReadOnlyList<string> CommandLine,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<Mount> Mounts,
    string StdoutPath,
    string StderrPath);

/// <summary>How an attempt ended.</summary>
public sealed record ExecutionResult(int ExitCode, string? Error = null)
{
    public bool Succeeded => ExitCode == 0 && Error is null;
}

/// <summary>Runs container tasks: as child processes, or in containers.</summary>
public interface ITaskExecutor : IAsyncDisposable
{
    /// <summary>Checks, before anything runs, that every executor can run in this mode (LocalRunException otherwise).</summary>
    Task PrepareAsync(PipelinePackage package, IReadOnlyCollection<ContainerExecutor> executors, CancellationToken cancellationToken);

    /// <summary>Notices about what this mode does not honour (listed once).</summary>
    IEnumerable<string> Notices(IReadOnlyCollection<ContainerExecutor> executors);

    /// <summary>Runs one attempt; cancelling the token stops it (kills the process or container).</summary>
    Task<ExecutionResult> RunAsync(TaskExecution execution, CancellationToken cancellationToken);
}
