using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// Compiles a task's <see cref="KubernetesSettings"/> into its <c>KubernetesExecutorConfig</c>
/// (docs/kfp-contract.md#kubernetes-settings-document-2): resource names as task-input specs resolved in the task's DAG, plus the
/// deprecated plain-name fields the KFP SDK still writes for constant names.
/// </summary>
internal static class PlatformCompiler
{
    /// <param name="resolve">The input spec of a name source in the task's DAG (adds producers to the task's <c>dependentTasks</c>).</param>
    /// <param name="parameterType">The KFP type of a non-constant source, when known.</param>
    public static JsonObject Compile(KubernetesSettings k, Func<ValueSource, JsonObject> resolve, Func<ValueSource, string?> parameterType, string who, string? location)
    {
        var config = new JsonObject();

        if (k.SecretVolumes.Count > 0)
            config["secretAsVolume"] = List(k.SecretVolumes.Select(v => Volume(v, "secretName")));
        if (k.SecretEnvs.Count > 0)
            config["secretAsEnv"] = List(k.SecretEnvs.Select(e => KeyedEnv(e, "secretName", "secretKey")));
        if (k.ConfigMapVolumes.Count > 0)
            config["configMapAsVolume"] = List(k.ConfigMapVolumes.Select(v => Volume(v, "configMapName")));
        if (k.ConfigMapEnvs.Count > 0)
            config["configMapAsEnv"] = List(k.ConfigMapEnvs.Select(e => KeyedEnv(e, "configMapName", "configMapKey")));

        if (k.PvcMounts.Count > 0)
            config["pvcMount"] = List(k.PvcMounts.Select(m =>
            {
                var spec = Name(m.Name, "PVC name");
                var mount = new JsonObject { ["mountPath"] = m.MountPath, ["pvcNameParameter"] = spec };
                if (m.SubPath is { } sub) mount["subPath"] = sub;
                // The deprecated pvc_reference oneof, which the SDK still writes next to pvcNameParameter.
                if (spec["parameterExpressionSelector"] is null)
                {
                    if (spec["runtimeValue"]?["constant"] is JsonValue constant) mount["constant"] = constant.DeepClone();
                    else if (spec["componentInputParameter"] is JsonValue input) mount["componentInputParameter"] = input.DeepClone();
                    else if (spec["taskOutputParameter"] is JsonObject output) mount["taskOutputParameter"] = output.DeepClone();
                }
                return mount;
            }));

        if (k.ImagePullSecrets.Count > 0)
            config["imagePullSecret"] = List(k.ImagePullSecrets.Select(s =>
            {
                var secret = new JsonObject { ["secretNameParameter"] = Name(s, "image pull secret") };
                if (ConstantName(s) is { } name) secret["secretName"] = name;
                return secret;
            }));
        if (k.ImagePullPolicy is { } policy) config["imagePullPolicy"] = policy;

        if (k.NodeSelector.Count > 0 || k.NodeSelectorJson is not null)
        {
            var selector = new JsonObject();
            if (k.NodeSelector.Count > 0) selector["labels"] = Map(k.NodeSelector);
            if (k.NodeSelectorJson is { } json) selector["nodeSelectorJson"] = Json(json, "node selector");
            config["nodeSelector"] = selector;
        }

        if (k.Tolerations.Count > 0)
            config["tolerations"] = List(k.Tolerations.Select(t =>
            {
                if (t.Json is { } json) return new JsonObject { ["tolerationJson"] = Json(json, "toleration") };
                var toleration = new JsonObject();
                if (!string.IsNullOrEmpty(t.Effect)) toleration["effect"] = t.Effect;
                if (!string.IsNullOrEmpty(t.Key)) toleration["key"] = t.Key;
                if (!string.IsNullOrEmpty(t.Operator)) toleration["operator"] = t.Operator;
                if (t.TolerationSeconds is { } seconds) toleration["tolerationSeconds"] = seconds.ToString(CultureInfo.InvariantCulture);
                if (!string.IsNullOrEmpty(t.Value)) toleration["value"] = t.Value;
                return toleration;
            }));

        if (k.NodeAffinities.Count > 0)
            config["nodeAffinity"] = List(k.NodeAffinities.Select(a =>
            {
                if (a.Json is { } json) return new JsonObject { ["nodeAffinityJson"] = Json(json, "node affinity") };
                var term = new JsonObject();
                if (a.MatchExpressions.Count > 0) term["matchExpressions"] = Requirements(a.MatchExpressions);
                if (a.MatchFields.Count > 0) term["matchFields"] = Requirements(a.MatchFields);
                if (a.Weight is { } weight) term["weight"] = weight;
                return term;
            }));

        if (k.PodLabels.Count > 0 || k.PodAnnotations.Count > 0)
        {
            var metadata = new JsonObject();
            if (k.PodAnnotations.Count > 0) metadata["annotations"] = Map(k.PodAnnotations);
            if (k.PodLabels.Count > 0) metadata["labels"] = Map(k.PodLabels);
            config["podMetadata"] = metadata;
        }

        // int64 fields are strings in protobuf JSON (docs/kfp-contract.md#the-file).
        if (k.ActiveDeadlineSeconds is { } deadline) config["activeDeadlineSeconds"] = deadline.ToString(CultureInfo.InvariantCulture);

        if (k.EmptyDirs.Count > 0)
            config["emptyDirMounts"] = List(k.EmptyDirs.Select(d =>
            {
                var mount = new JsonObject { ["mountPath"] = d.MountPath, ["volumeName"] = d.VolumeName };
                if (d.Medium is { } medium) mount["medium"] = medium;
                if (d.SizeLimit is { } size) mount["sizeLimit"] = size;
                return mount;
            }));

        if (k.FieldPathEnvs.Count > 0)
            config["fieldPathAsEnv"] = List(k.FieldPathEnvs.Select(f => new JsonObject { ["fieldPath"] = f.FieldPath, ["name"] = f.Name }));

        return config;

        JsonObject Volume(VolumeSetting v, string field)
        {
            var volume = new JsonObject { ["mountPath"] = v.MountPath, ["optional"] = v.Optional, [field + "Parameter"] = Name(v.Name, field) };
            if (ConstantName(v.Name) is { } name) volume[field] = name;
            return volume;
        }

        JsonObject KeyedEnv(KeyedEnvSetting e, string field, string keyField)
        {
            var env = new JsonObject
            {
                ["keyToEnv"] = List(e.KeyToEnv.Select(p => new JsonObject { ["envVar"] = p.Value, [keyField] = p.Key })),
                ["optional"] = e.Optional,
                [field + "Parameter"] = Name(e.Name, field),
            };
            if (ConstantName(e.Name) is { } name) env[field] = name;
            return env;
        }

        JsonObject Name(ValueSource source, string what)
        {
            if (source is ConstantSource { Value: not JsonValue } || source is ConstantSource { Value: JsonValue v } && v.GetValueKind() != JsonValueKind.String)
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption, $"{who}: a Kubernetes {what} must be a string", location);
            if (source is not ConstantSource && parameterType(source) is { } type && type != KfpParameterType.String)
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                    $"{who}: the Kubernetes {what} comes from {SourceText.Describe(source)}, which KFP types as {type}, not STRING", location);
            return resolve(source);
        }

        JsonObject Json(ValueSource source, string what)
        {
            if (source is ConstantSource { Value: not JsonObject })
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption, $"{who}: a Kubernetes {what} JSON must be an object", location);
            if (source is not ConstantSource && parameterType(source) is { } type && type != KfpParameterType.Struct)
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                    $"{who}: the Kubernetes {what} JSON comes from {SourceText.Describe(source)}, which KFP types as {type}, not STRUCT", location);
            return resolve(source);
        }
    }

    private static string? ConstantName(ValueSource source) =>
        source is ConstantSource { Value: JsonValue v } && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static JsonArray List(IEnumerable<JsonNode> items) => new([.. items]);

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var map = new JsonObject();
        foreach (var (key, value) in entries) map[key] = value;
        return map;
    }

    private static JsonArray Requirements(IEnumerable<NodeSelectorRequirement> requirements) =>
        List(requirements.Select(r => new JsonObject
        {
            ["key"] = r.Key,
            ["operator"] = r.Operator.ToString(),
            ["values"] = new JsonArray([.. (r.Values ?? []).Select(v => (JsonNode)JsonValue.Create(v))]),
        }));
}
