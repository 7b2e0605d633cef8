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
        {
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
        }

        if (k.ImagePullSecrets.Count > 0)
        {
            config["imagePullSecret"] = List(k.ImagePullSecrets.Select(s =>
            {
                var secret = new JsonObject { ["secretNameParameter"] = Name(s, "image pull secret") };
                if (ConstantName(s) is { } name) secret["secretName"] = name;
                return secret;
            }));
        }

        if (k.ImagePullPolicy is { } policy) config["imagePullPolicy"] = policy;

        if (k.NodeSelector.Count > 0 || k.NodeSelectorJson is not null)
        {
            var selector = new JsonObject();
            if (k.NodeSelector.Count > 0) selector["labels"] = Map(k.NodeSelector);
            if (k.NodeSelectorJson is { } json) selector["nodeSelectorJson"] = Json(json, "node selector");
            config["nodeSelector"] = selector;
        }

        if (k.Tolerations.Count > 0)
        {
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
        }

        if (k.NodeAffinities.Count > 0)
        {
            config["nodeAffinity"] = List(k.NodeAffinities.Select(a =>
            {
                if (a.Json is { } json) return new JsonObject { ["nodeAffinityJson"] = Json(json, "node affinity") };
                var term = new JsonObject();
                if (a.MatchExpressions.Count > 0) term["matchExpressions"] = Requirements(a.MatchExpressions);
                if (a.MatchFields.Count > 0) term["matchFields"] = Requirements(a.MatchFields);
                if (a.Weight is { } weight) term["weight"] = weight;
                return term;
            }));
        }

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
        {
            config["emptyDirMounts"] = List(k.EmptyDirs.Select(d =>
            {
                var mount = new JsonObject { ["mountPath"] = d.MountPath, ["volumeName"] = d.VolumeName };
                if (d.Medium is { } medium) mount["medium"] = medium;
                if (d.SizeLimit is { } size) mount["sizeLimit"] = size;
                return mount;
            }));
        }

        if (k.FieldPathEnvs.Count > 0)
            config["fieldPathAsEnv"] = List(k.FieldPathEnvs.Select(f => new JsonObject { ["fieldPath"] = f.FieldPath, ["name"] = f.Name }));

        if (k.PodAffinities.Count > 0)
        {
            config["podAffinity"] = List(k.PodAffinities.Select(a =>
            {
                var term = new JsonObject();
                if (a.Json is { } json) term["podAffinityJson"] = Json(json, "pod affinity");
                if (a.MatchPodExpressions.Count > 0) term["matchPodExpressions"] = LabelRequirements(a.MatchPodExpressions);
                if (a.MatchPodLabels.Count > 0) term["matchPodLabels"] = Map(a.MatchPodLabels);
                if (a.TopologyKey is { } topology) term["topologyKey"] = topology;
                if (a.Namespaces.Count > 0) term["namespaces"] = Strings(a.Namespaces);
                if (a.MatchNamespaceExpressions.Count > 0) term["matchNamespaceExpressions"] = LabelRequirements(a.MatchNamespaceExpressions);
                if (a.MatchNamespaceLabels.Count > 0) term["matchNamespaceLabels"] = Map(a.MatchNamespaceLabels);
                if (a.Weight is { } weight) term["weight"] = weight;
                if (a.Anti is { } anti) term["anti"] = anti;
                return term;
            }));
        }

        if (k.EphemeralVolumes.Count > 0)
        {
            config["genericEphemeralVolume"] = List(k.EphemeralVolumes.Select(v =>
            {
                var volume = new JsonObject { ["accessModes"] = Strings(v.AccessModes), ["mountPath"] = v.MountPath, ["size"] = v.Size, ["volumeName"] = v.VolumeName };
                // As kfp-kubernetes: no class named means the cluster's default one (proto3 drops a false bool).
                if (v.StorageClassName is { } storageClass) volume["storageClassName"] = storageClass;
                else volume["defaultStorageClass"] = true;
                if (v.Labels.Count > 0 || v.Annotations.Count > 0)
                {
                    var metadata = new JsonObject();
                    if (v.Annotations.Count > 0) metadata["annotations"] = Map(v.Annotations);
                    if (v.Labels.Count > 0) metadata["labels"] = Map(v.Labels);
                    volume["metadata"] = metadata;
                }
                return volume;
            }));
        }

        if (k.SharedMemory is { } shm)
        {
            var shared = new JsonObject { ["volumeName"] = shm.VolumeName };
            if (shm.Size is { } size) shared["size"] = size;
            config["enabledSharedMemory"] = shared;
        }

        if (k.SecurityContext is { } security)
        {
            var context = new JsonObject();
            if (security.RunAsUser is { } user) context["runAsUser"] = user.ToString(CultureInfo.InvariantCulture);
            if (security.RunAsGroup is { } group) context["runAsGroup"] = group.ToString(CultureInfo.InvariantCulture);
            if (security.RunAsNonRoot is { } nonRoot) context["runAsNonRoot"] = nonRoot;
            config["securityContext"] = context;
        }

        if (k.InitContainers.Count > 0)
        {
            config["initContainers"] = List(k.InitContainers.Select(c =>
            {
                var container = new JsonObject { ["image"] = c.Image, ["name"] = c.Name };
                if (c.Args.Count > 0) container["args"] = Strings(c.Args);
                if (c.Command.Count > 0) container["command"] = Strings(c.Command);
                if (c.Env.Count > 0) container["env"] = List(c.Env.Select(e => new JsonObject { ["name"] = e.Key, ["value"] = e.Value }));
                if (c.Requests.Count > 0 || c.Limits.Count > 0)
                {
                    var resources = new JsonObject();
                    if (c.Limits.Count > 0) resources["limits"] = Map(c.Limits);
                    if (c.Requests.Count > 0) resources["requests"] = Map(c.Requests);
                    container["resources"] = resources;
                }
                if (c.Sidecar) container["restartPolicy"] = "Always";
                if (c.VolumeMounts.Count > 0)
                    container["volumeMounts"] = List(c.VolumeMounts.Select(m => new JsonObject { ["mountPath"] = m.Value, ["volumeName"] = m.Key }));
                return container;
            }));
        }

        if (k.ResourceClaims.Count > 0)
        {
            config["podResourceClaims"] = List(k.ResourceClaims.Select(c => c.Json is { } json
                ? new JsonObject { ["resourceClaimJson"] = Json(json, "resource claim") }
                : new JsonObject { ["resourceClaimTemplateName"] = c.TemplateName }));
        }

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
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                    $"{who}: the Kubernetes {what} comes from {SourceText.Describe(source)}, which KFP types as {type}, not STRING", location);
            }

            return resolve(source);
        }

        JsonObject Json(ValueSource source, string what)
        {
            if (source is ConstantSource { Value: not JsonObject })
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption, $"{who}: a Kubernetes {what} JSON must be an object", location);
            if (source is not ConstantSource && parameterType(source) is { } type && type != KfpParameterType.Struct)
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                    $"{who}: the Kubernetes {what} JSON comes from {SourceText.Describe(source)}, which KFP types as {type}, not STRUCT", location);
            }

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

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonArray LabelRequirements(IEnumerable<LabelSelectorRequirement> requirements) =>
        List(requirements.Select(r =>
        {
            // Exists/DoesNotExist take no values; protobuf JSON leaves the empty list out, as kfp-kubernetes' output shows.
            var requirement = new JsonObject { ["key"] = r.Key, ["operator"] = r.Operator.ToString() };
            if (r.Values is { Count: > 0 } values) requirement["values"] = Strings(values);
            return requirement;
        }));

    private static JsonArray Requirements(IEnumerable<NodeSelectorRequirement> requirements) =>
        List(requirements.Select(r => new JsonObject
        {
            ["key"] = r.Key,
            ["operator"] = r.Operator.ToString(),
            ["values"] = new JsonArray([.. (r.Values ?? []).Select(v => (JsonNode)JsonValue.Create(v))]),
        }));
}
