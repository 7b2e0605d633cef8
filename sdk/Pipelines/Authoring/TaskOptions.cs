using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipelines;

/// <summary>Fluent task options: each returns the task so calls chain and keep its typed outputs.</summary>
public static partial class TaskOptions
{
    /// <summary>Name shown in the KFP UI (<c>taskInfo.name</c>); the task key stays unchanged.</summary>
    public static T WithDisplayName<T>(this T task, string displayName) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        task.Settings.DisplayName = displayName;
        return task;
    }

    /// <summary>Turns KFP's result cache on (the default) or off for this task. Turning it off drops a <see cref="WithCacheKey"/>.</summary>
    public static T WithCaching<T>(this T task, bool enabled) where T : PipelineTask
    {
        task.Settings.EnableCache = enabled;
        if (!enabled) task.Settings.CacheKey = null;
        return task;
    }

    /// <summary>
    /// Caches the task under a key of your own (<c>cachingOptions.cacheKey</c>): KFP then fingerprints
    /// only the component and this key, ignoring inputs, image and command (docs/kfp-contract.md#caching). Use a
    /// hash of the code and data versions that matter. Turns caching on.
    /// </summary>
    public static T WithCacheKey<T>(this T task, string cacheKey) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheKey);
        task.Settings.EnableCache = true;
        task.Settings.CacheKey = cacheKey;
        return task;
    }

    /// <summary>
    /// Runs the task once its upstream tasks have finished, even when some failed
    /// (<c>triggerPolicy.strategy: ALL_UPSTREAM_TASKS_COMPLETED</c>, KFP's <c>ignore_upstream_failure</c>).
    /// Inputs fed by upstream outputs must then be optional, since a failed task produces none; a
    /// <c>PipelineTaskFinalStatus</c> input receives the status of the single upstream task.
    /// </summary>
    public static T IgnoreUpstreamFailure<T>(this T task) where T : PipelineTask
    {
        task.Settings.IgnoreUpstreamFailure = true;
        return task;
    }

    /// <summary>Retries a failed task up to <paramref name="count"/> times, waiting
    /// <paramref name="backoff"/> (default 0 s) multiplied by <paramref name="factor"/> (default 2)
    /// after each failure, at most <paramref name="maxBackoff"/> (default 1 h).</summary>
    public static T WithRetries<T>(this T task, int count, TimeSpan? backoff = null, double factor = 2.0, TimeSpan? maxBackoff = null) where T : PipelineTask
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1.0);
        task.Settings.Retry = new RetrySettings(count, backoff ?? TimeSpan.Zero, factor, maxBackoff ?? TimeSpan.FromHours(1));
        return task;
    }

    /// <summary>CPU request as a Kubernetes quantity (<c>"500m"</c>, <c>"2"</c>).</summary>
    public static T WithCpuRequest<T>(this T task, string cpu) where T : PipelineTask
    {
        task.Settings.CpuRequest = CheckCpu(cpu);
        task.Settings.ResourceValues.Remove(ResourceInput.CpuRequest);
        return task;
    }

    /// <summary>CPU limit as a Kubernetes quantity (<c>"500m"</c>, <c>"2"</c>).</summary>
    public static T WithCpuLimit<T>(this T task, string cpu) where T : PipelineTask
    {
        task.Settings.CpuLimit = CheckCpu(cpu);
        task.Settings.ResourceValues.Remove(ResourceInput.CpuLimit);
        return task;
    }

    /// <summary>Memory request as a Kubernetes quantity (<c>"256Mi"</c>, <c>"4Gi"</c>).</summary>
    public static T WithMemoryRequest<T>(this T task, string memory) where T : PipelineTask
    {
        task.Settings.MemoryRequest = CheckMemory(memory);
        task.Settings.ResourceValues.Remove(ResourceInput.MemoryRequest);
        return task;
    }

    /// <summary>Memory limit as a Kubernetes quantity (<c>"256Mi"</c>, <c>"4Gi"</c>).</summary>
    public static T WithMemoryLimit<T>(this T task, string memory) where T : PipelineTask
    {
        task.Settings.MemoryLimit = CheckMemory(memory);
        task.Settings.ResourceValues.Remove(ResourceInput.MemoryLimit);
        return task;
    }

    /// <summary>Requests <paramref name="count"/> accelerators of a Kubernetes resource type (<c>"nvidia.com/gpu"</c>).</summary>
    public static T WithAccelerator<T>(this T task, string type, int count = 1) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        task.Settings.AcceleratorType = type;
        task.Settings.AcceleratorCount = count;
        task.Settings.ResourceValues.Remove(ResourceInput.AcceleratorType);
        task.Settings.ResourceValues.Remove(ResourceInput.AcceleratorCount);
        return task;
    }

    /// <summary>Sets an environment variable in the task's container (passed verbatim: no KFP placeholders).</summary>
    public static T WithEnv<T>(this T task, string name, string value) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        task.Settings.Env[name] = value ?? "";
        return task;
    }

    /// <summary>Runs this task only after <paramref name="upstream"/> tasks, even without data between them.</summary>
    public static T After<T>(this T task, params PipelineTask[] upstream) where T : PipelineTask
    {
        foreach (var u in upstream)
        {
            ArgumentNullException.ThrowIfNull(u);
            if (ReferenceEquals(u, task)) throw new ArgumentException($"Task '{task.Name}' cannot run after itself.");
            task.Settings.After.Add(u);
        }
        return task;
    }

    private static string CheckCpu(string cpu)
    {
        if (cpu is null || !CpuQuantity().IsMatch(cpu))
            throw new ArgumentException($"'{cpu}' is not a CPU quantity: use a decimal number of cores with an optional 'm' suffix, e.g. \"2\" or \"500m\".", nameof(cpu));
        return cpu;
    }

    private static string CheckMemory(string memory)
    {
        if (memory is null || !MemoryQuantity().IsMatch(memory))
            throw new ArgumentException($"'{memory}' is not a memory quantity: use an integer with an optional E/Ei/P/Pi/T/Ti/G/Gi/M/Mi/K/Ki suffix, e.g. \"4Gi\".", nameof(memory));
        return memory;
    }

    /// <summary>Cores as a number (KFP's deprecated numeric mirror of the CPU fields).</summary>
    internal static double CpuCores(string cpu) => cpu.EndsWith('m')
        ? double.Parse(cpu[..^1], CultureInfo.InvariantCulture) / 1000
        : double.Parse(cpu, CultureInfo.InvariantCulture);

    /// <summary>Decimal gigabytes (KFP's deprecated numeric mirror of the memory fields: 4Gi → 4.294967296).</summary>
    internal static double MemoryGigabytes(string memory)
    {
        var m = MemoryQuantity().Match(memory);
        var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var factor = m.Groups[2].Value switch
        {
            "" => 1,
            "K" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            "T" => 1e12,
            "P" => 1e15,
            "E" => 1e18,
            "Ki" => 1L << 10,
            "Mi" => 1L << 20,
            "Gi" => 1L << 30,
            "Ti" => 1L << 40,
            "Pi" => 1L << 50,
            "Ei" => 1L << 60,
            _ => throw new FormatException(memory),
        };
        return number * factor / 1e9;
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?m?$")]
    private static partial Regex CpuQuantity();

    [GeneratedRegex("^([0-9]+)(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?$")]
    private static partial Regex MemoryQuantity();
}
