using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipelines;

/// <summary>
/// The task's runtime configuration as KFP's driver hands it to a component (KFP's <c>dsl.TaskConfig</c>,
/// input type <c>TASK_CONFIG</c>): the fields the component lists with <see cref="TaskConfigPassthroughAttribute"/>
/// are filled, the rest are null. Each field is the Kubernetes JSON of that part of a pod spec, ready to
/// put into the spec of the workload the component launches. The generated task factory has no argument
/// for it: the driver fills it in.
/// </summary>
/// <remarks>The driver sends camelCase keys (<c>nodeSelector</c>, <c>volumeMounts</c>); snake_case keys are read too.</remarks>
[JsonConverter(typeof(TaskConfigConverter))]
public sealed record TaskConfig
{
    /// <summary>A configuration with nothing passed through (what a component without passthroughs receives).</summary>
    public static TaskConfig Empty { get; } = new();

    /// <summary><c>ResourceRequirements</c>: <c>{"limits": {"cpu": "2", "nvidia.com/gpu": "1"}, "requests": {...}}</c>.</summary>
    public JsonObject? Resources { get; init; }

    /// <summary>A list of <c>EnvVar</c>: <c>{"name", "value"}</c> or <c>{"name", "valueFrom": {"secretKeyRef": ...}}</c>.</summary>
    public JsonArray? Env { get; init; }

    /// <summary>A list of <c>Volume</c> (persistent volume claims, secrets, config maps, the run's workspace).</summary>
    public JsonArray? Volumes { get; init; }

    /// <summary>A list of <c>VolumeMount</c> (<c>{"name", "mountPath", "subPath"}</c>) for <see cref="Volumes"/>.</summary>
    public JsonArray? VolumeMounts { get; init; }

    /// <summary>Node labels the pod must match.</summary>
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    /// <summary>A list of <c>Toleration</c>.</summary>
    public JsonArray? Tolerations { get; init; }

    /// <summary><c>Affinity</c> (<c>{"nodeAffinity": ...}</c>).</summary>
    public JsonObject? Affinity { get; init; }

    /// <summary>A resource limit (<c>"cpu"</c>, <c>"memory"</c>, <c>"nvidia.com/gpu"</c>) as Kubernetes quantity text, or null.</summary>
    public string? Limit(string resource) => Quantity("limits", resource);

    /// <summary>A resource request as Kubernetes quantity text, or null.</summary>
    public string? Request(string resource) => Quantity("requests", resource);

    /// <summary>The literal value of environment variable <paramref name="name"/>; null when it is absent or comes
    /// from a secret, config map or field (<c>valueFrom</c>).</summary>
    public string? EnvironmentValue(string name)
    {
        foreach (var item in Env ?? [])
        {
            if (item is JsonObject env && env["name"] is JsonValue n && n.TryGetValue(out string? key) && key == name)
                return env["value"] is JsonValue v && v.TryGetValue(out string? value) ? value : null;
        }
        return null;
    }

    /// <summary>The JSON KFP's driver writes: every field, null when not passed through.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    private string? Quantity(string kind, string resource) =>
        Resources?[kind]?[resource] is JsonValue v
            ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()
            : null;
}

/// <summary>Reads the STRUCT KFP's driver passes for a <c>TASK_CONFIG</c> input (docs/kfp-contract.md#task-config).</summary>
internal sealed class TaskConfigConverter : JsonConverter<TaskConfig>
{
    public override TaskConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader);
        if (node is null) return TaskConfig.Empty;
        if (node is not JsonObject root) throw new JsonException("a task config is a JSON object");
        return new TaskConfig
        {
            Resources = Field<JsonObject>(root, "resources", "resources"),
            Env = Field<JsonArray>(root, "env", "env"),
            Volumes = Field<JsonArray>(root, "volumes", "volumes"),
            VolumeMounts = Field<JsonArray>(root, "volumeMounts", "volume_mounts"),
            NodeSelector = Field<JsonObject>(root, "nodeSelector", "node_selector") is { } selector
                ? selector.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value?.ToJsonString() ?? "", StringComparer.Ordinal)
                : null,
            Tolerations = Field<JsonArray>(root, "tolerations", "tolerations"),
            Affinity = Field<JsonObject>(root, "affinity", "affinity"),
        };
    }

    public override void Write(Utf8JsonWriter writer, TaskConfig value, JsonSerializerOptions options)
    {
        var node = new JsonObject
        {
            ["affinity"] = value.Affinity?.DeepClone(),
            ["env"] = value.Env?.DeepClone(),
            ["nodeSelector"] = value.NodeSelector is { } s ? new JsonObject(s.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))) : null,
            ["resources"] = value.Resources?.DeepClone(),
            ["tolerations"] = value.Tolerations?.DeepClone(),
            ["volumeMounts"] = value.VolumeMounts?.DeepClone(),
            ["volumes"] = value.Volumes?.DeepClone(),
        };
        node.WriteTo(writer);
    }

    private static T? Field<T>(JsonObject root, string name, string snakeName) where T : JsonNode
    {
        var value = root[name] ?? root[snakeName];
        if (value is null) return null;
        return value as T ?? throw new JsonException($"task config field '{name}' must be a JSON {(typeof(T) == typeof(JsonArray) ? "array" : "object")}, not {value.GetValueKind()}");
    }
}
