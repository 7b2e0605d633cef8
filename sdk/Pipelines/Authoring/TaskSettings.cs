namespace Pipelines;

/// <summary>Per-task options, set through <see cref="TaskOptions"/> and compiled into the task,
/// its executor's container and its retry policy.</summary>
internal sealed class TaskSettings
{
    public string? DisplayName { get; set; }
    public bool EnableCache { get; set; } = true;
    public RetrySettings? Retry { get; set; }
    public string? CpuRequest { get; set; }
    public string? CpuLimit { get; set; }
    public string? MemoryRequest { get; set; }
    public string? MemoryLimit { get; set; }
    public string? AcceleratorType { get; set; }
    public int? AcceleratorCount { get; set; }
    public SortedDictionary<string, string> Env { get; } = new(StringComparer.Ordinal);
    public List<PipelineTask> After { get; } = [];
}

internal sealed record RetrySettings(int MaxRetryCount, TimeSpan Backoff, double BackoffFactor, TimeSpan MaxBackoff);
