using System.Globalization;
using System.Reflection;
using System.Text;
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

    /// <summary>A container executor that runs <paramref name="component"/> through the generated entry point
    /// (the program named in full in <c>command</c>: KFP's launcher ignores the image ENTRYPOINT), or an
    /// imported component's own container verbatim. The task's env and resources go on top.</summary>
    /// <param name="resourceTexts">Resource fields set from pipeline values (<see cref="ResourceInput"/> name → placeholder).</param>
    public static JsonObject ContainerExecutor(ExecutorTarget target, string component, TaskSettings? settings = null, IReadOnlyDictionary<string, string>? resourceTexts = null)
    {
        var container = target.Container is { } own
            ? (JsonObject)own.DeepClone()
            : new JsonObject
            {
                ["args"] = new JsonArray("--executor_input", "{{$}}", "--function_to_execute", component),
                ["command"] = new JsonArray(target.Command.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
                ["image"] = target.Image,
            };
        if (settings is not null)
        {
            if (settings.Env.Count > 0)
            {
                var env = container["env"] as JsonArray ?? [];
                foreach (var (name, value) in settings.Env) env.Add(new JsonObject { ["name"] = name, ["value"] = value });
                container["env"] = env;
            }
            if (Resources(settings, resourceTexts ?? new Dictionary<string, string>()) is { } resources) container["resources"] = resources;
        }
        return new JsonObject { ["container"] = container };
    }

    /// <summary>Resource requests and limits as the KFP SDK writes them: the string fields the
    /// backend reads plus the deprecated numeric mirrors.</summary>
    private static JsonObject? Resources(TaskSettings s, IReadOnlyDictionary<string, string> fromValues)
    {
        var r = new JsonObject();
        // From pipeline values: only the string fields, which the driver resolves (the numeric mirrors need a constant).
        if (fromValues.TryGetValue(ResourceInput.CpuLimit, out var cpuLimitText)) r["resourceCpuLimit"] = cpuLimitText;
        if (fromValues.TryGetValue(ResourceInput.CpuRequest, out var cpuRequestText)) r["resourceCpuRequest"] = cpuRequestText;
        if (fromValues.TryGetValue(ResourceInput.MemoryLimit, out var memLimitText)) r["resourceMemoryLimit"] = memLimitText;
        if (fromValues.TryGetValue(ResourceInput.MemoryRequest, out var memRequestText)) r["resourceMemoryRequest"] = memRequestText;
        if (fromValues.TryGetValue(ResourceInput.AcceleratorType, out var typeText) && fromValues.TryGetValue(ResourceInput.AcceleratorCount, out var countText))
            r["accelerator"] = new JsonObject { ["resourceCount"] = countText, ["resourceType"] = typeText };
        if (s.CpuLimit is { } cpuLimit) { r["cpuLimit"] = TaskOptions.CpuCores(cpuLimit); r["resourceCpuLimit"] = cpuLimit; }
        if (s.CpuRequest is { } cpuRequest) { r["cpuRequest"] = TaskOptions.CpuCores(cpuRequest); r["resourceCpuRequest"] = cpuRequest; }
        if (s.MemoryLimit is { } memLimit) { r["memoryLimit"] = TaskOptions.MemoryGigabytes(memLimit); r["resourceMemoryLimit"] = memLimit; }
        if (s.MemoryRequest is { } memRequest) { r["memoryRequest"] = TaskOptions.MemoryGigabytes(memRequest); r["resourceMemoryRequest"] = memRequest; }
        if (s.AcceleratorType is { } type && s.AcceleratorCount is { } count)
        {
            var c = count.ToString(CultureInfo.InvariantCulture);
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

    /// <summary><c>cachingOptions</c> with an optional custom <c>cacheKey</c> (docs/kfp-contract.md#caching).</summary>
    public static JsonObject CachingOptions(bool enabled, string? cacheKey)
    {
        var options = CachingOptions(enabled);
        if (enabled && cacheKey is not null) options["cacheKey"] = cacheKey;
        return options;
    }

    /// <summary>A container the backend implements itself (kfp-kubernetes' PVC stubs): an image, no command.</summary>
    public static JsonObject StubExecutor(string image) => new() { ["container"] = new JsonObject { ["image"] = image } };

    /// <summary>KFP's importer executor (docs/kfp-contract.md#control-flow): a constant URI, or the task input <c>uri</c>.</summary>
    public static JsonObject ImporterExecutor(ImporterSettings importer, JsonNode? constantUri)
    {
        var spec = new JsonObject
        {
            ["artifactUri"] = constantUri is not null
                ? new JsonObject { ["constant"] = constantUri.DeepClone() }
                : new JsonObject { ["runtimeParameter"] = "uri" },
        };
        if (importer.DownloadToWorkspace) spec["downloadToWorkspace"] = true;
        if (importer.Metadata is { Count: > 0 } metadata) spec["metadata"] = metadata.DeepClone();
        if (importer.Reimport) spec["reimport"] = true;
        spec["typeSchema"] = KfpTypes.ArtifactType(importer.SchemaTitle, importer.SchemaVersion);
        return new JsonObject { ["importer"] = spec };
    }

    /// <summary>A copy of <paramref name="node"/> with every object's keys in ordinal order (arrays keep
    /// theirs), as the KFP SDK writes IR.</summary>
    public static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>JSON text as Python's <c>json.dumps(value, sort_keys=True)</c> writes it (<c>", "</c> and
    /// <c>": "</c> separators, non-ASCII escaped): the SDK's form of <c>parameterIterator.items.raw</c>.</summary>
    public static string PythonJson(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node);
        return sb.ToString();

        void Write(JsonNode? n)
        {
            switch (n)
            {
                case null:
                    sb.Append("null");
                    break;
                case JsonObject obj:
                    sb.Append('{');
                    var first = true;
                    foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        if (!first) sb.Append(", ");
                        first = false;
                        WriteString(key);
                        sb.Append(": ");
                        Write(value);
                    }
                    sb.Append('}');
                    break;
                case JsonArray array:
                    sb.Append('[');
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        Write(array[i]);
                    }
                    sb.Append(']');
                    break;
                case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                    WriteString(v.GetValue<string>());
                    break;
                default:
                    sb.Append(n.ToJsonString());
                    break;
            }
        }

        void WriteString(string s) => sb.Append(Contracts.PythonJson.String(s));
    }
}
