using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Tests.Kfp;

public static partial class KfpIrValidator
{
    /// <summary>
    /// Validates a PlatformSpec (document 2 of a compiled pipeline, docs/kfp-contract.md#kubernetes-settings-document-2) against its
    /// PipelineSpec: protobuf JSON field names of <c>KubernetesExecutorConfig</c> at every level
    /// (the backend converts them strictly), enum values, int64 fields, executor labels that exist
    /// and belong to container executors, and name references (<c>…Parameter</c> task-input specs)
    /// that resolve in the DAG of every task using the executor, with producers listed in
    /// <c>dependentTasks</c>.
    /// </summary>
    public static IReadOnlyList<string> ValidatePlatform(JsonObject platform, JsonObject pipelineSpec)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(pipelineSpec);
        var walker = new PlatformWalker(pipelineSpec);
        walker.Run(platform);
        return walker.Errors;
    }

    private static readonly string[] PlatformTopFields = ["platforms"];
    private static readonly string[] SinglePlatformFields = ["deploymentSpec", "platform", "config", "pipelineConfig"];
    private static readonly string[] PlatformDeploymentFields = ["executors"];
    private static readonly string[] PipelineConfigFields = ["workspace", "resourceTtlOnCompletion", "resourceTtlOnSuccess", "resourceTtlOnFailure", "activeDeadlineSeconds", "semaphoreKey", "mutexName"];
    private static readonly string[] WorkspaceConfigFields = ["size", "kubernetes"];
    private static readonly string[] KubernetesWorkspaceConfigFields = ["pvcSpecPatch"];
    private static readonly string[] KubernetesExecutorConfigFields =
    [
        "secretAsVolume", "secretAsEnv", "pvcMount", "nodeSelector", "podMetadata", "imagePullSecret", "imagePullPolicy",
        "configMapAsVolume", "configMapAsEnv", "activeDeadlineSeconds", "fieldPathAsEnv", "tolerations", "genericEphemeralVolume",
        "nodeAffinity", "podAffinity", "enabledSharedMemory", "emptyDirMounts", "securityContext", "initContainers", "podResourceClaims",
    ];
    private static readonly string[] SecretAsVolumeFields = ["secretName", "mountPath", "optional", "secretNameParameter"];
    private static readonly string[] SecretAsEnvFields = ["secretName", "keyToEnv", "optional", "secretNameParameter"];
    private static readonly string[] SecretKeyToEnvFields = ["secretKey", "envVar"];
    private static readonly string[] ConfigMapAsVolumeFields = ["configMapName", "mountPath", "optional", "configMapNameParameter"];
    private static readonly string[] ConfigMapAsEnvFields = ["configMapName", "keyToEnv", "configMapNameParameter", "optional"];
    private static readonly string[] ConfigMapKeyToEnvFields = ["configMapKey", "envVar"];
    private static readonly string[] PvcMountFields = ["taskOutputParameter", "constant", "componentInputParameter", "mountPath", "pvcNameParameter", "subPath"];
    private static readonly string[] NodeSelectorFields = ["labels", "nodeSelectorJson"];
    private static readonly string[] PodMetadataFields = ["labels", "annotations"];
    private static readonly string[] ImagePullSecretFields = ["secretName", "secretNameParameter"];
    private static readonly string[] FieldPathAsEnvFields = ["name", "fieldPath"];
    private static readonly string[] TolerationFields = ["key", "operator", "value", "effect", "tolerationSeconds", "tolerationJson"];
    private static readonly string[] GenericEphemeralVolumeFields = ["volumeName", "mountPath", "accessModes", "size", "defaultStorageClass", "storageClassName", "metadata"];
    private static readonly string[] NodeAffinityTermFields = ["matchExpressions", "matchFields", "weight", "nodeAffinityJson"];
    private static readonly string[] SelectorRequirementFields = ["key", "operator", "values"];
    private static readonly string[] PodAffinityTermFields = ["matchPodExpressions", "matchPodLabels", "topologyKey", "namespaces", "matchNamespaceExpressions", "matchNamespaceLabels", "weight", "anti", "podAffinityJson"];
    private static readonly string[] SharedMemoryFields = ["volumeName", "size"];
    private static readonly string[] EmptyDirMountFields = ["volumeName", "mountPath", "medium", "sizeLimit"];
    private static readonly string[] SecurityContextFields = ["runAsUser", "runAsGroup", "runAsNonRoot"];
    private static readonly string[] InitContainerFields = ["name", "image", "command", "args", "env", "volumeMounts", "restartPolicy", "resources"];
    private static readonly string[] InitContainerEnvFields = ["name", "value"];
    private static readonly string[] InitContainerVolumeMountFields = ["volumeName", "mountPath"];
    private static readonly string[] InitContainerResourceFields = ["requests", "limits"];
    private static readonly string[] PodResourceClaimFields = ["resourceClaimTemplateName", "resourceClaimJson"];
    private static readonly string[] PlatformInputParameterFields = ["componentInputParameter", "taskOutputParameter", "runtimeValue", "parameterExpressionSelector"];

    private static readonly HashSet<string> PullPolicies = ["Always", "Never", "IfNotPresent"];
    private static readonly HashSet<string> TolerationOperators = ["Equal", "Exists"];
    private static readonly HashSet<string> TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    private static readonly HashSet<string> NodeSelectorOperators = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];
    private static readonly HashSet<string> LabelSelectorOperators = ["In", "NotIn", "Exists", "DoesNotExist"];
    private static readonly HashSet<string> AccessModes = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|K|M|G|T|P|E)?$")]
    private static partial System.Text.RegularExpressions.Regex WorkspaceSizeRegex();

    /// <summary>A task that runs an executor, with the DAG it lives in.</summary>
    private sealed record ExecutorUse(string TaskKey, JsonObject Task, JsonObject Dag, JsonObject Owner, string OwnerPath);

    private sealed class PlatformWalker(JsonObject pipelineSpec)
    {
        public List<string> Errors { get; } = [];
        private readonly Dictionary<string, List<ExecutorUse>> _uses = IndexExecutors(pipelineSpec);

        private void Error(string path, string message) => Errors.Add($"{path}: {message}");

        public void Run(JsonObject platform)
        {
            Fields(platform, "$", PlatformTopFields);
            if (platform["platforms"] is not JsonObject platforms)
            {
                Error("$.platforms", "is required and must be an object");
                return;
            }
            foreach (var (name, node) in platforms)
            {
                var path = $"$.platforms.{name}";
                if (name != "kubernetes")
                {
                    Error(path, "only the 'kubernetes' platform is read by the backend");
                    continue;
                }
                if (node is not JsonObject single) { Error(path, "must be an object"); continue; }
                Fields(single, path, SinglePlatformFields);
                if (single["pipelineConfig"] is JsonObject config) PipelineConfig(config, $"{path}.pipelineConfig");
                if (single["deploymentSpec"] is not JsonObject deployment) continue;
                Fields(deployment, $"{path}.deploymentSpec", PlatformDeploymentFields);
                if (deployment["executors"] is not JsonObject executors)
                {
                    Error($"{path}.deploymentSpec.executors", "is required and must be an object");
                    continue;
                }
                foreach (var (label, executor) in executors)
                    Executor(label, executor, $"{path}.deploymentSpec.executors.{label}");
            }
        }

        /// <summary>pipelineConfig: the workspace as KFP's WorkspaceConfig writes it (size a Kubernetes quantity, kubernetes.pvcSpecPatch a Struct).</summary>
        private void PipelineConfig(JsonObject config, string path)
        {
            Fields(config, path, PipelineConfigFields);
            if (config["workspace"] is not { } workspaceNode) return;
            var p = $"{path}.workspace";
            if (workspaceNode is not JsonObject workspace) { Error(p, "must be an object"); return; }
            Fields(workspace, p, WorkspaceConfigFields);
            if (RequiredText(workspace, "size", p) is { } size && !WorkspaceSizeRegex().IsMatch(size))
                Error($"{p}.size", $"'{size}' is not a Kubernetes quantity");
            if (workspace["kubernetes"] is { } kubernetesNode)
            {
                if (kubernetesNode is not JsonObject kubernetes)
                {
                    Error($"{p}.kubernetes", "must be an object");
                }
                else
                {
                    Fields(kubernetes, $"{p}.kubernetes", KubernetesWorkspaceConfigFields);
                    if (kubernetes["pvcSpecPatch"] is { } patch && patch is not JsonObject) Error($"{p}.kubernetes.pvcSpecPatch", "must be an object (a PersistentVolumeClaim spec patch)");
                }
            }
        }

        private void Executor(string label, JsonNode? node, string path)
        {
            var executorSpec = pipelineSpec["deploymentSpec"]?["executors"]?[label];
            if (executorSpec is null) Error(path, $"'{label}' is not an executor of the PipelineSpec");
            else if (executorSpec["container"] is null) Error(path, $"'{label}' is not a container executor; Kubernetes settings apply to pods");
            if (!_uses.TryGetValue(label, out var uses) || uses.Count == 0)
            {
                if (executorSpec is not null) Error(path, $"no task runs executor '{label}'");
                uses = [];
            }
            if (node is not JsonObject config) { Error(path, "must be an object"); return; }
            Fields(config, path, KubernetesExecutorConfigFields);

            foreach (var (i, item) in Items(config, "secretAsVolume", path))
            {
                var p = $"{path}.secretAsVolume[{i}]";
                Fields(item, p, SecretAsVolumeFields);
                NamedResource(item, "secretName", p, uses);
                MountPath(item, p);
                OptionalBool(item, "optional", p);
            }
            foreach (var (i, item) in Items(config, "secretAsEnv", path))
            {
                var p = $"{path}.secretAsEnv[{i}]";
                Fields(item, p, SecretAsEnvFields);
                NamedResource(item, "secretName", p, uses);
                KeyToEnv(item, p, SecretKeyToEnvFields, "secretKey");
                OptionalBool(item, "optional", p);
            }
            foreach (var (i, item) in Items(config, "configMapAsVolume", path))
            {
                var p = $"{path}.configMapAsVolume[{i}]";
                Fields(item, p, ConfigMapAsVolumeFields);
                NamedResource(item, "configMapName", p, uses);
                MountPath(item, p);
                OptionalBool(item, "optional", p);
            }
            foreach (var (i, item) in Items(config, "configMapAsEnv", path))
            {
                var p = $"{path}.configMapAsEnv[{i}]";
                Fields(item, p, ConfigMapAsEnvFields);
                NamedResource(item, "configMapName", p, uses);
                KeyToEnv(item, p, ConfigMapKeyToEnvFields, "configMapKey");
                OptionalBool(item, "optional", p);
            }
            foreach (var (i, item) in Items(config, "pvcMount", path))
            {
                var p = $"{path}.pvcMount[{i}]";
                Fields(item, p, PvcMountFields);
                MountPath(item, p);
                var legacy = new[] { "taskOutputParameter", "constant", "componentInputParameter" }.Count(item.ContainsKey);
                if (legacy > 1) Error(p, "the deprecated pvc_reference oneof allows one of taskOutputParameter, constant, componentInputParameter");
                if (item["pvcNameParameter"] is null && legacy == 0) Error(p, "needs pvcNameParameter (or the deprecated constant/componentInputParameter/taskOutputParameter)");
                if (item["pvcNameParameter"] is { } spec) ParameterSpec(spec, $"{p}.pvcNameParameter", uses, requireString: true);
                if (item["taskOutputParameter"] is { } legacyOutput)
                    ParameterSpec(new JsonObject { ["taskOutputParameter"] = legacyOutput.DeepClone() }, $"{p}.taskOutputParameter", uses, requireString: false);
                if (item["componentInputParameter"] is { } legacyInput)
                    ParameterSpec(new JsonObject { ["componentInputParameter"] = legacyInput.DeepClone() }, $"{p}.componentInputParameter", uses, requireString: false);
                if (item["constant"] is { } constant && StringAt(constant) is null) Error($"{p}.constant", "must be a string");
                if (item["subPath"] is { } sub && StringAt(sub) is null) Error($"{p}.subPath", "must be a string");
            }
            if (config["nodeSelector"] is { } selectorNode)
            {
                var p = $"{path}.nodeSelector";
                if (selectorNode is not JsonObject selector)
                {
                    Error(p, "must be an object");
                }
                else
                {
                    Fields(selector, p, NodeSelectorFields);
                    StringMap(selector["labels"], $"{p}.labels");
                    if (selector["nodeSelectorJson"] is { } json) ParameterSpec(json, $"{p}.nodeSelectorJson", uses, requireString: false, requireObject: true);
                }
            }
            if (config["podMetadata"] is { } metadataNode)
            {
                var p = $"{path}.podMetadata";
                if (metadataNode is not JsonObject metadata)
                {
                    Error(p, "must be an object");
                }
                else
                {
                    Fields(metadata, p, PodMetadataFields);
                    StringMap(metadata["labels"], $"{p}.labels");
                    StringMap(metadata["annotations"], $"{p}.annotations");
                }
            }
            foreach (var (i, item) in Items(config, "imagePullSecret", path))
            {
                var p = $"{path}.imagePullSecret[{i}]";
                Fields(item, p, ImagePullSecretFields);
                NamedResource(item, "secretName", p, uses);
            }
            if (config["imagePullPolicy"] is { } policy && (StringAt(policy) is not { } pp || !PullPolicies.Contains(pp)))
                Error($"{path}.imagePullPolicy", $"must be one of {string.Join(", ", PullPolicies)}, got {policy.ToJsonString()}");
            if (config["activeDeadlineSeconds"] is { } deadline) Int64(deadline, $"{path}.activeDeadlineSeconds", min: 0);
            foreach (var (i, item) in Items(config, "fieldPathAsEnv", path))
            {
                var p = $"{path}.fieldPathAsEnv[{i}]";
                Fields(item, p, FieldPathAsEnvFields);
                RequiredText(item, "name", p);
                RequiredText(item, "fieldPath", p);
            }
            foreach (var (i, item) in Items(config, "tolerations", path))
            {
                var p = $"{path}.tolerations[{i}]";
                Fields(item, p, TolerationFields);
                if (item["operator"] is { } op && (StringAt(op) is not { } o || !TolerationOperators.Contains(o)))
                    Error($"{p}.operator", $"must be one of {string.Join(", ", TolerationOperators)}, got {op.ToJsonString()}");
                if (item["effect"] is { } effect && (StringAt(effect) is not { } e || !TaintEffects.Contains(e)))
                    Error($"{p}.effect", $"must be one of {string.Join(", ", TaintEffects)}, got {effect.ToJsonString()}");
                if (item["tolerationSeconds"] is { } seconds) Int64(seconds, $"{p}.tolerationSeconds", min: long.MinValue);
                if (item["tolerationJson"] is { } json) ParameterSpec(json, $"{p}.tolerationJson", uses, requireString: false, requireObject: true);
                else if (StringAt(item["key"]) is null or "" && StringAt(item["operator"]) != "Exists")
                    Error(p, "a toleration without a key must use operator Exists");
            }
            foreach (var (i, item) in Items(config, "nodeAffinity", path))
            {
                var p = $"{path}.nodeAffinity[{i}]";
                Fields(item, p, NodeAffinityTermFields);
                Requirements(item["matchExpressions"], $"{p}.matchExpressions");
                Requirements(item["matchFields"], $"{p}.matchFields");
                if (item["weight"] is { } weight && Int64(weight, $"{p}.weight", min: 1) is > 100)
                    Error($"{p}.weight", "must be 1-100");
                if (item["nodeAffinityJson"] is { } json) ParameterSpec(json, $"{p}.nodeAffinityJson", uses, requireString: false, requireObject: true);
                else if (item["matchExpressions"] is null && item["matchFields"] is null) Error(p, "needs matchExpressions, matchFields or nodeAffinityJson");
            }
            foreach (var (i, item) in Items(config, "podAffinity", path))
            {
                var p = $"{path}.podAffinity[{i}]";
                Fields(item, p, PodAffinityTermFields);
                Requirements(item["matchPodExpressions"], $"{p}.matchPodExpressions", LabelSelectorOperators);
                Requirements(item["matchNamespaceExpressions"], $"{p}.matchNamespaceExpressions", LabelSelectorOperators);
                StringMap(item["matchPodLabels"], $"{p}.matchPodLabels");
                StringMap(item["matchNamespaceLabels"], $"{p}.matchNamespaceLabels");
                StringList(item["namespaces"], $"{p}.namespaces");
                OptionalBool(item, "anti", p);
                if (item["weight"] is { } weight && Int64(weight, $"{p}.weight", min: 1) is > 100)
                    Error($"{p}.weight", "must be 1-100");
                if (item["podAffinityJson"] is { } json) ParameterSpec(json, $"{p}.podAffinityJson", uses, requireString: false, requireObject: true);
                else RequiredText(item, "topologyKey", p);
            }
            foreach (var (i, item) in Items(config, "genericEphemeralVolume", path))
            {
                var p = $"{path}.genericEphemeralVolume[{i}]";
                Fields(item, p, GenericEphemeralVolumeFields);
                RequiredText(item, "volumeName", p);
                MountPath(item, p);
                RequiredText(item, "size", p);
                if (item["accessModes"] is not JsonArray modes || modes.Count == 0) Error($"{p}.accessModes", "needs at least one access mode");
                else if (modes.Any(m => StringAt(m) is not { } mode || !AccessModes.Contains(mode)))
                    Error($"{p}.accessModes", $"must be some of {string.Join(", ", AccessModes)}");
                OptionalBool(item, "defaultStorageClass", p);
                if (item["metadata"] is { } volumeMetadataNode)
                {
                    if (volumeMetadataNode is not JsonObject metadata)
                    {
                        Error($"{p}.metadata", "must be an object");
                    }
                    else
                    {
                        Fields(metadata, $"{p}.metadata", PodMetadataFields);
                        StringMap(metadata["labels"], $"{p}.metadata.labels");
                        StringMap(metadata["annotations"], $"{p}.metadata.annotations");
                    }
                }
            }
            if (config["enabledSharedMemory"] is { } sharedNode)
            {
                var p = $"{path}.enabledSharedMemory";
                if (sharedNode is not JsonObject shared)
                {
                    Error(p, "must be an object");
                }
                else
                {
                    Fields(shared, p, SharedMemoryFields);
                    RequiredText(shared, "volumeName", p);
                    if (shared["size"] is { } size && StringAt(size) is null) Error($"{p}.size", "must be a string");
                }
            }
            foreach (var (i, item) in Items(config, "emptyDirMounts", path))
            {
                var p = $"{path}.emptyDirMounts[{i}]";
                Fields(item, p, EmptyDirMountFields);
                RequiredText(item, "volumeName", p);
                MountPath(item, p);
            }
            if (config["securityContext"] is { } securityNode)
            {
                var p = $"{path}.securityContext";
                if (securityNode is not JsonObject security)
                {
                    Error(p, "must be an object");
                }
                else
                {
                    Fields(security, p, SecurityContextFields);
                    if (security["runAsUser"] is { } user) Int64(user, $"{p}.runAsUser", min: 0);
                    if (security["runAsGroup"] is { } group) Int64(group, $"{p}.runAsGroup", min: 0);
                    OptionalBool(security, "runAsNonRoot", p);
                }
            }
            var initNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (i, item) in Items(config, "initContainers", path))
            {
                var p = $"{path}.initContainers[{i}]";
                Fields(item, p, InitContainerFields);
                if (RequiredText(item, "name", p) is { } name && (name == "kfp-launcher" || !initNames.Add(name)))
                    Error($"{p}.name", name == "kfp-launcher" ? "'kfp-launcher' is reserved" : $"'{name}' is used twice");
                RequiredText(item, "image", p);
                StringList(item["command"], $"{p}.command");
                StringList(item["args"], $"{p}.args");
                foreach (var (j, env) in Items(item, "env", p))
                {
                    Fields(env, $"{p}.env[{j}]", InitContainerEnvFields);
                    RequiredText(env, "name", $"{p}.env[{j}]");
                }
                foreach (var (j, mount) in Items(item, "volumeMounts", p))
                {
                    Fields(mount, $"{p}.volumeMounts[{j}]", InitContainerVolumeMountFields);
                    RequiredText(mount, "volumeName", $"{p}.volumeMounts[{j}]");
                    MountPath(mount, $"{p}.volumeMounts[{j}]");
                }
                if (item["restartPolicy"] is { } restart && StringAt(restart) != "Always") Error($"{p}.restartPolicy", "the only supported value is Always");
                if (item["resources"] is { } resourcesNode)
                {
                    if (resourcesNode is not JsonObject resources)
                    {
                        Error($"{p}.resources", "must be an object");
                    }
                    else
                    {
                        Fields(resources, $"{p}.resources", InitContainerResourceFields);
                        StringMap(resources["requests"], $"{p}.resources.requests");
                        StringMap(resources["limits"], $"{p}.resources.limits");
                    }
                }
            }
            foreach (var (i, item) in Items(config, "podResourceClaims", path))
            {
                var p = $"{path}.podResourceClaims[{i}]";
                Fields(item, p, PodResourceClaimFields);
                if (item["resourceClaimJson"] is { } json) ParameterSpec(json, $"{p}.resourceClaimJson", uses, requireString: false, requireObject: true);
                else RequiredText(item, "resourceClaimTemplateName", p);
            }
        }

        /// <summary>A resource named by the deprecated plain field, the <c>…Parameter</c> spec, or both (then equal).</summary>
        private void NamedResource(JsonObject item, string field, string path, List<ExecutorUse> uses)
        {
            var plain = item[field] is { } p ? StringAt(p) : null;
            if (item[field] is not null && plain is null) Error($"{path}.{field}", "must be a string");
            var spec = item[field + "Parameter"];
            if (spec is null && string.IsNullOrEmpty(plain)) Error(path, $"needs {field}Parameter (or the deprecated {field})");
            if (spec is null) return;
            ParameterSpec(spec, $"{path}.{field}Parameter", uses, requireString: true);
            if (plain is not null && spec["runtimeValue"]?["constant"] is { } constant && StringAt(constant) != plain)
                Error($"{path}.{field}", $"'{plain}' differs from {field}Parameter's constant {constant.ToJsonString()}");
        }

        /// <summary>A task-input spec for a name or JSON: it must resolve in the DAG of every task that runs this executor.</summary>
        private void ParameterSpec(JsonNode node, string path, List<ExecutorUse> uses, bool requireString, bool requireObject = false)
        {
            if (node is not JsonObject spec) { Error(path, "must be an object"); return; }
            Fields(spec, path, PlatformInputParameterFields);
            string[] kinds = ["componentInputParameter", "taskOutputParameter", "runtimeValue"];
            var count = kinds.Count(spec.ContainsKey);
            if (count != 1) { Error(path, $"needs exactly one of {string.Join(", ", kinds)}, found {count}"); return; }
            if (spec["parameterExpressionSelector"] is { } selector && StringAt(selector) is null) Error($"{path}.parameterExpressionSelector", "must be a string");

            if (spec["runtimeValue"] is { } runtime)
            {
                if (runtime is not JsonObject r || !r.ContainsKey("constant") || r.Count != 1) { Error($"{path}.runtimeValue", "must be {constant: …}"); return; }
                var constant = r["constant"];
                if (requireString && StringAt(constant) is not { Length: > 0 }) Error($"{path}.runtimeValue.constant", "must be a non-empty string");
                if (requireObject && constant is not JsonObject) Error($"{path}.runtimeValue.constant", "must be a JSON object");
                return;
            }
            foreach (var use in uses)
            {
                var where = $"(task '{use.TaskKey}' of {use.OwnerPath})";
                if (StringAt(spec["componentInputParameter"]) is { } input)
                {
                    var definition = use.Owner["inputDefinitions"]?["parameters"]?[input];
                    if (definition is null)
                    {
                        Error($"{path}.componentInputParameter", $"'{input}' is not an input parameter of the DAG that runs this executor {where}");
                    }
                    else if (spec["parameterExpressionSelector"] is null && StringAt(definition["parameterType"]) is { } type
                        && (requireString && type != "STRING" || requireObject && type != "STRUCT"))
                    {
                        Error($"{path}.componentInputParameter", $"'{input}' is {type}, not {(requireString ? "STRING" : "STRUCT")} {where}");
                    }
                }
                else if (spec["taskOutputParameter"] is JsonObject output)
                {
                    var producer = StringAt(output["producerTask"]);
                    var key = StringAt(output["outputParameterKey"]);
                    if (producer is null || key is null) { Error($"{path}.taskOutputParameter", "needs producerTask and outputParameterKey"); continue; }
                    if (use.Dag["tasks"]?[producer] is not JsonObject producerTask)
                    {
                        Error($"{path}.taskOutputParameter.producerTask", $"'{producer}' is not a task of the DAG that runs this executor {where}");
                    }
                    else
                    {
                        var component = pipelineSpec["components"]?[StringAt(producerTask["componentRef"]?["name"]) ?? ""];
                        if (component?["outputDefinitions"]?["parameters"]?[key] is null)
                            Error($"{path}.taskOutputParameter.outputParameterKey", $"task '{producer}' has no output parameter '{key}'");
                        if (use.Task["dependentTasks"] is not JsonArray deps || !deps.Any(d => StringAt(d) == producer))
                            Error($"{path}.taskOutputParameter.producerTask", $"'{producer}' must be in dependentTasks of task '{use.TaskKey}': the backend does not add producers referenced from Kubernetes config");
                    }
                }
                else
                {
                    Error(path, "componentInputParameter must be a string and taskOutputParameter an object");
                }
            }
        }

        private IEnumerable<(int Index, JsonObject Item)> Items(JsonObject config, string field, string path)
        {
            if (config[field] is null) yield break;
            if (config[field] is not JsonArray array)
            {
                Error($"{path}.{field}", "must be a list");
                yield break;
            }
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject item) yield return (i, item);
                else Error($"{path}.{field}[{i}]", "must be an object");
            }
        }

        private void KeyToEnv(JsonObject item, string path, string[] fields, string keyField)
        {
            if (item["keyToEnv"] is not JsonArray map || map.Count == 0)
            {
                Error($"{path}.keyToEnv", "needs at least one entry");
                return;
            }
            for (var i = 0; i < map.Count; i++)
            {
                var p = $"{path}.keyToEnv[{i}]";
                if (map[i] is not JsonObject entry) { Error(p, "must be an object"); continue; }
                Fields(entry, p, fields);
                RequiredText(entry, keyField, p);
                RequiredText(entry, "envVar", p);
            }
        }

        private void MountPath(JsonObject item, string path)
        {
            if (RequiredText(item, "mountPath", path) is { } mount && !mount.StartsWith('/'))
                Error($"{path}.mountPath", $"'{mount}' is not an absolute path");
        }

        private void StringList(JsonNode? node, string path)
        {
            if (node is not null && (node is not JsonArray list || list.Any(v => StringAt(v) is null)))
                Error(path, "must be a list of strings");
        }

        private void Requirements(JsonNode? node, string path) => Requirements(node, path, NodeSelectorOperators);

        private void Requirements(JsonNode? node, string path, HashSet<string> operators)
        {
            if (node is null) return;
            if (node is not JsonArray list) { Error(path, "must be a list"); return; }
            for (var i = 0; i < list.Count; i++)
            {
                var p = $"{path}[{i}]";
                if (list[i] is not JsonObject r) { Error(p, "must be an object"); continue; }
                Fields(r, p, SelectorRequirementFields);
                RequiredText(r, "key", p);
                if (StringAt(r["operator"]) is not { } op || !operators.Contains(op))
                    Error($"{p}.operator", $"must be one of {string.Join(", ", operators)}");
                if (r["values"] is { } values && (values is not JsonArray a || a.Any(v => StringAt(v) is null)))
                    Error($"{p}.values", "must be a list of strings");
            }
        }

        private void StringMap(JsonNode? node, string path)
        {
            if (node is null) return;
            if (node is not JsonObject map) { Error(path, "must be an object"); return; }
            foreach (var (key, value) in map)
                if (StringAt(value) is null) Error($"{path}.{key}", "must be a string");
        }

        private void OptionalBool(JsonObject item, string field, string path)
        {
            if (item[field] is { } v && v.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                Error($"{path}.{field}", "must be a boolean");
        }

        private string? RequiredText(JsonObject item, string field, string path)
        {
            if (StringAt(item[field]) is { Length: > 0 } text) return text;
            Error($"{path}.{field}", "is required and must be a non-empty string");
            return null;
        }

        /// <summary>An int64 field: protojson reads numbers and strings of digits.</summary>
        private long? Int64(JsonNode node, string path, long min)
        {
            long? value = node is JsonValue v ? v.GetValueKind() switch
            {
                JsonValueKind.String when long.TryParse(v.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) => s,
                JsonValueKind.Number when NumberOf(v) is { } d && d == Math.Floor(d) => (long)d,
                _ => null,
            } : null;
            if (value is null) Error(path, $"must be an integer (int64, written as a string or number), got {node.ToJsonString()}");
            else if (value < min) Error(path, $"must be at least {min}, got {value}");
            return value;
        }

        private void Fields(JsonObject obj, string path, string[] allowed)
        {
            foreach (var (key, _) in obj)
            {
                if (!allowed.Contains(key, StringComparer.Ordinal))
                    Error($"{path}.{key}", $"unknown field; allowed here: {string.Join(", ", allowed)}");
            }
        }

        private static Dictionary<string, List<ExecutorUse>> IndexExecutors(JsonObject spec)
        {
            var result = new Dictionary<string, List<ExecutorUse>>(StringComparer.Ordinal);
            var components = spec["components"] as JsonObject ?? new JsonObject();
            var owners = new List<(JsonObject Owner, string Path)>();
            if (spec["root"] is JsonObject root) owners.Add((root, "$.root"));
            foreach (var (key, component) in components)
                if (component is JsonObject c && c["dag"] is not null) owners.Add((c, $"$.components.{key}"));
            foreach (var (owner, path) in owners)
            {
                if (owner["dag"] is not JsonObject dag || dag["tasks"] is not JsonObject tasks) continue;
                foreach (var (taskKey, taskNode) in tasks)
                {
                    if (taskNode is not JsonObject task) continue;
                    var componentKey = StringAt(task["componentRef"]?["name"]);
                    if (componentKey is null || StringAt(components[componentKey]?["executorLabel"]) is not { } label) continue;
                    if (!result.TryGetValue(label, out var list)) result[label] = list = [];
                    list.Add(new ExecutorUse(taskKey, task, dag, owner, path));
                }
            }
            return result;
        }
    }
}
