using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Pieces of KFP IR shared by the pipeline and the single-component compilers.</summary>
internal static class IrParts
{
    public const string SchemaVersion = "2.1.0";

    /// <summary><c>sdkVersion</c>: the toolchain that wrote the file (nothing on the backend reads it).</summary>
    public static string SdkVersion { get; } = "pipelines-dotnet-" +
        (typeof(IrParts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    public static string ComponentKey(string name) => "comp-" + name;
    public static string ExecutorKey(string name) => "exec-" + name;

    /// <summary>A container executor that runs <paramref name="component"/> through the generated entry point.
    /// The program is named in full in <c>command</c>: KFP's launcher ignores the image ENTRYPOINT.</summary>
    public static JsonObject ContainerExecutor(ExecutorTarget target, string component, TaskSettings? settings = null)
    {
        var container = new JsonObject
        {
            ["args"] = new JsonArray("--executor_input", "{{$}}", "--function_to_execute", component),
            ["command"] = new JsonArray(target.Command.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["image"] = target.Image,
        };
        if (settings is not null)
        {
            if (settings.Env.Count > 0)
                container["env"] = new JsonArray(settings.Env.Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value }).ToArray());
            if (Resources(settings) is { } resources) container["resources"] = resources;
        }
        return new JsonObject { ["container"] = container };
    }

    /// <summary>Resource requests and limits as the KFP SDK writes them: the string fields the
    /// backend reads plus the deprecated numeric mirrors.</summary>
    private static JsonObject? Resources(TaskSettings s)
    {
        var r = new JsonObject();
        if (s.CpuLimit is { } cpuLimit) { r["cpuLimit"] = TaskOptions.CpuCores(cpuLimit); r["resourceCpuLimit"] = cpuLimit; }
        if (s.CpuRequest is { } cpuRequest) { r["cpuRequest"] = TaskOptions.CpuCores(cpuRequest); r["resourceCpuRequest"] = cpuRequest; }
        if (s.MemoryLimit is { } memLimit) { r["memoryLimit"] = TaskOptions.MemoryGigabytes(memLimit); r["resourceMemoryLimit"] = memLimit; }
        if (s.MemoryRequest is { } memRequest) { r["memoryRequest"] = TaskOptions.MemoryGigabytes(memRequest); r["resourceMemoryRequest"] = memRequest; }
        if (s.AcceleratorType is { } type && s.AcceleratorCount is { } count)
        {
            string c = count.ToString(CultureInfo.InvariantCulture);
            r["accelerator"] = new JsonObject { ["count"] = c, ["resourceCount"] = c, ["resourceType"] = type, ["type"] = type };
        }
        return r.Count > 0 ? r : null;
    }

    /// <summary><c>retryPolicy</c> with all four fields, as the KFP SDK writes it.</summary>
    public static JsonObject RetryPolicy(RetrySettings retry) => new()
    {
        ["backoffDuration"] = Duration(retry.Backoff),
        ["backoffFactor"] = retry.BackoffFactor,
        ["backoffMaxDuration"] = Duration(retry.MaxBackoff),
        ["maxRetryCount"] = retry.MaxRetryCount,
    };

    /// <summary>google.protobuf.Duration JSON: seconds with an "s" suffix.</summary>
    private static string Duration(TimeSpan t) => ((long)Math.Round(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    public static JsonObject CachingOptions(bool enabled) => enabled ? new JsonObject { ["enableCache"] = true } : new JsonObject();
}
