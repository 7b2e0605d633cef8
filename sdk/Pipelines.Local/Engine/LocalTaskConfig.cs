using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// The driver's part for <c>TASK_CONFIG</c> inputs, as far as a local run knows the task: KFP's driver fills the
/// input with the Kubernetes JSON of every field the component passes through (<c>taskConfigPassthroughs</c>),
/// null for the rest, and leaves a passed-through field off the pod unless <c>applyToTask</c>. Locally the engine
/// fills <c>env</c> with the container's literal variables and <c>resources</c> with its limits; volumes, node
/// selector, tolerations and affinity stay null (the run's notices say so, docs/local-runs.md#task-config).
/// </summary>
internal static class LocalTaskConfig
{
    public const string Resources = "RESOURCES";
    public const string Env = "ENV";
    public const string Volumes = "KUBERNETES_VOLUMES";

    /// <summary>What a local run leaves out of each passed-through field, for the run's notices.</summary>
    public static string? Gap(string field) => field switch
    {
        Resources => "limits only, no requests",
        Env => "literal variables only; secret, config map and field-path variables left out",
        Volumes or "KUBERNETES_NODE_SELECTOR" or "KUBERNETES_TOLERATIONS" or "KUBERNETES_AFFINITY" => "left null",
        _ => "unknown field, left out",
    };

    /// <summary>True when the component passes <paramref name="field"/> through without <c>applyToTask</c>: KFP then
    /// keeps it off the task's own pod, and so does the local run.</summary>
    public static bool Withheld(ComponentSpec component, string field) =>
        component.Passthroughs.Any(p => p.Field == field) && !component.Passthroughs.Where(p => p.Field == field).Last().ApplyToTask;

    /// <summary>The STRUCT the driver writes (its Go struct's camelCase keys, every field present).</summary>
    public static JsonObject Value(ComponentSpec component, ContainerExecutor executor)
    {
        var fields = component.Passthroughs.Select(p => p.Field).ToHashSet(StringComparer.Ordinal);
        var resources = new JsonObject();
        if (fields.Contains(Resources))
        {
            var limits = new JsonObject();
            if (executor.CpuLimit is { } cpu) limits["cpu"] = cpu;
            if (executor.MemoryLimit is { } memory) limits["memory"] = memory;
            if (executor.AcceleratorType is { } accelerator && executor.AcceleratorCount > 0) limits[accelerator] = executor.AcceleratorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (limits.Count > 0) resources["limits"] = limits;
        }

        return new JsonObject
        {
            ["affinity"] = null,
            ["env"] = fields.Contains(Env)
                ? new JsonArray(executor.Env.Select(e => (JsonNode?)new JsonObject { ["name"] = e.Key, ["value"] = e.Value }).ToArray())
                : null,
            ["nodeSelector"] = null,
            ["resources"] = resources,
            ["tolerations"] = null,
            ["volumeMounts"] = null,
            ["volumes"] = null,
        };
    }
}
