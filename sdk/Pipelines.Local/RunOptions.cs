namespace Pipelines.Local;

/// <summary>How tasks run: as child processes (our .NET components only) or in their pinned images.</summary>
public enum RunMode { Process, Docker }

/// <summary>Options of a local run. Every property has a sensible default.</summary>
public sealed record RunOptions
{
    public RunMode Mode { get; init; } = RunMode.Process;

    /// <summary>How many tasks run at the same time (default: the number of cores).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>False is <c>--no-cache</c>: nothing is read from the cache (succeeded tasks are still stored).</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Where run directories go: <c>&lt;root&gt;/&lt;pipeline&gt;-&lt;run id&gt;/</c>. Default <c>./pipeline-runs</c>.</summary>
    public string? RunsRoot { get; init; }

    /// <summary>Where cached task results are recorded. Default <c>&lt;runs root&gt;/.cache</c>.</summary>
    public string? CacheRoot { get; init; }

    /// <summary>Process mode: the folder holding the app the YAML's command names (default: the folder
    /// above the YAML's <c>pipelines/</c> folder, i.e. the build output).</summary>
    public string? AppDirectory { get; init; }

    /// <summary>The pipeline the caller expects the YAML to hold (PIPE5002 when it holds another).</summary>
    public string? PipelineName { get; init; }

    /// <summary>Local stand-ins for Kubernetes secrets: secret name → key → value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Secrets { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Local stand-ins for Kubernetes config maps: name → key → value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ConfigMaps { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Docker mode: run containers without a network (<c>--network none</c>).</summary>
    public bool NoNetwork { get; init; }

    /// <summary>Docker mode: the OCI image layout holding the component images (default: <c>images/</c> next to <c>pipelines/</c>).</summary>
    public string? ImageLayout { get; init; }

    /// <summary>Docker mode: the engine endpoint (default: <c>DOCKER_HOST</c> or the local socket).</summary>
    public string? DockerEndpoint { get; init; }

    /// <summary>Receives task updates and notices while the run goes (the CLI's live view).</summary>
    public IRunObserver? Observer { get; init; }

    /// <summary>A custom way to run container tasks (e.g. a remote executor); replaces <see cref="Mode"/>'s. The run disposes it.</summary>
    public ITaskExecutor? Executor { get; init; }

    /// <summary>The run id (default: time stamp plus random suffix).</summary>
    public string? RunId { get; init; }
}
