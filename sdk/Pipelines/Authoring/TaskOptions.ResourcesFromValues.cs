using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// Resource requests, limits and accelerators from pipeline values, as KFP allows since 2.x:
/// <c>.WithCpuLimit(p.Parameter&lt;string&gt;("cpu_limit"))</c>. The executor gets the
/// placeholder <c>{{$.inputs.parameters['pipelinechannel--cpu_limit']}}</c> and the task the
/// value as input <c>pipelinechannel--cpu_limit</c>, which the backend's driver substitutes when it
/// builds the pod (docs/kfp-contract.md#resources-from-pipeline-values). A constant behaves as the
/// <see cref="string"/> overloads do.
/// </summary>
public static partial class TaskOptions
{
    /// <summary>CPU request from a pipeline parameter, task output or loop item holding a Kubernetes quantity.</summary>
    public static T WithCpuRequest<T>(this T task, Value<string> cpu) where T : PipelineTask =>
        Constant(cpu) is { } constant ? task.WithCpuRequest(constant) : FromValue(task, ResourceInput.CpuRequest, cpu, s => s.CpuRequest = null);

    /// <summary>CPU limit from a pipeline parameter, task output or loop item holding a Kubernetes quantity.</summary>
    public static T WithCpuLimit<T>(this T task, Value<string> cpu) where T : PipelineTask =>
        Constant(cpu) is { } constant ? task.WithCpuLimit(constant) : FromValue(task, ResourceInput.CpuLimit, cpu, s => s.CpuLimit = null);

    /// <summary>Memory request from a pipeline parameter, task output or loop item holding a Kubernetes quantity.</summary>
    public static T WithMemoryRequest<T>(this T task, Value<string> memory) where T : PipelineTask =>
        Constant(memory) is { } constant ? task.WithMemoryRequest(constant) : FromValue(task, ResourceInput.MemoryRequest, memory, s => s.MemoryRequest = null);

    /// <summary>Memory limit from a pipeline parameter, task output or loop item holding a Kubernetes quantity.</summary>
    public static T WithMemoryLimit<T>(this T task, Value<string> memory) where T : PipelineTask =>
        Constant(memory) is { } constant ? task.WithMemoryLimit(constant) : FromValue(task, ResourceInput.MemoryLimit, memory, s => s.MemoryLimit = null);

    /// <summary>Accelerators whose resource type and count (a whole number written as a string, as
    /// KFP's <c>set_accelerator_limit</c> takes it) come from pipeline values; either may be a constant.</summary>
    public static T WithAccelerator<T>(this T task, Value<string> type, Value<string> count) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(count);
        string? constantType = Constant(type), constantCount = Constant(count);
        if (constantCount is not null && !int.TryParse(constantCount, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            throw new ArgumentException($"'{constantCount}' is not an accelerator count: use a non-negative whole number.", nameof(count));
        if (constantType is not null && constantCount is not null)
            return task.WithAccelerator(constantType, int.Parse(constantCount, System.Globalization.CultureInfo.InvariantCulture));
        if (constantType is not null) ArgumentException.ThrowIfNullOrWhiteSpace(constantType, nameof(type));
        task.Settings.AcceleratorType = null;
        task.Settings.AcceleratorCount = null;
        task.Settings.ResourceValues[ResourceInput.AcceleratorType] = type.Source;
        task.Settings.ResourceValues[ResourceInput.AcceleratorCount] = count.Source;
        return task;
    }

    private static string? Constant(Value<string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Source is ConstantSource { Value: JsonValue v } && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
    }

    private static T FromValue<T>(T task, string input, Value<string> value, Action<TaskSettings> clearConstant) where T : PipelineTask
    {
        if (value.Source is ConstantSource)
            throw new ArgumentException($"{SourceText.Describe(value.Source)} is not a Kubernetes quantity.", nameof(value));
        clearConstant(task.Settings);
        task.Settings.ResourceValues[input] = value.Source;
        return task;
    }
}

/// <summary>The task inputs KFP's compiler adds for resource settings taken from pipeline values
/// (each holds the executor's placeholder as a constant, beside the <c>pipelinechannel--…</c> input
/// that carries the value).</summary>
internal static class ResourceInput
{
    public const string CpuLimit = "cpu_limit";
    public const string CpuRequest = "cpu_request";
    public const string MemoryLimit = "memory_limit";
    public const string MemoryRequest = "memory_request";
    public const string AcceleratorType = "accelerator_type";
    public const string AcceleratorCount = "accelerator_count";
}
