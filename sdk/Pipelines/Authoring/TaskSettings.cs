namespace Pipelines;

/// <summary>Per-task options, set through <see cref="TaskOptions"/> and <see cref="KubernetesOptions"/>
/// and compiled into the task, its executor's container, its retry policy and the Kubernetes
/// platform config.</summary>
internal sealed class TaskSettings
{
    public string? DisplayName { get; set; }
    public bool EnableCache { get; set; } = true;
    public string? CacheKey { get; set; }
    public bool IgnoreUpstreamFailure { get; set; }
    public RetrySettings? Retry { get; set; }
    public string? CpuRequest { get; set; }
    public string? CpuLimit { get; set; }
    public string? MemoryRequest { get; set; }
    public string? MemoryLimit { get; set; }
    public string? AcceleratorType { get; set; }
    public int? AcceleratorCount { get; set; }
    /// <summary>Resource settings taken from pipeline values, by the task input KFP names them with (<see cref="ResourceInput"/>).</summary>
    public SortedDictionary<string, ValueSource> ResourceValues { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Env { get; } = new(StringComparer.Ordinal);
    public List<PipelineTask> After { get; } = [];
    public KubernetesSettings Kubernetes { get; } = new();

    /// <summary>Settings that need the task's own container (not a nested pipeline, importer or stub).</summary>
    public IEnumerable<string> ContainerSettingNames()
    {
        if (Retry is not null) yield return "WithRetries";
        if (CpuRequest is not null || CpuLimit is not null) yield return "WithCpuRequest/WithCpuLimit";
        if (MemoryRequest is not null || MemoryLimit is not null) yield return "WithMemoryRequest/WithMemoryLimit";
        if (AcceleratorType is not null) yield return "WithAccelerator";
        if (ResourceValues.Count > 0) yield return "resources from pipeline values";
        if (Env.Count > 0) yield return "WithEnv";
        if (!Kubernetes.IsEmpty) yield return "Kubernetes options";
    }
}

internal sealed record RetrySettings(int MaxRetryCount, TimeSpan Backoff, double BackoffFactor, TimeSpan MaxBackoff);
