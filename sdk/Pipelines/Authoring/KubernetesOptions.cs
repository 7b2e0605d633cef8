namespace Pipelines;

/// <summary>Kubernetes image pull policy of a task's container.</summary>
public enum ImagePullPolicy { Always, Never, IfNotPresent }

/// <summary>How a toleration matches a taint's value.</summary>
public enum TolerationOperator { Equal, Exists }

/// <summary>The effect of a taint a toleration matches.</summary>
public enum TaintEffect { NoSchedule, PreferNoSchedule, NoExecute }

/// <summary>Operator of a node-affinity requirement.</summary>
public enum NodeSelectorOperator { In, NotIn, Exists, DoesNotExist, Gt, Lt }

/// <summary>One node-affinity requirement: <c>key operator values</c> (Kubernetes <c>NodeSelectorRequirement</c>).</summary>
public sealed record NodeSelectorRequirement(string Key, NodeSelectorOperator Operator, params IReadOnlyList<string> Values);

/// <summary>
/// Kubernetes settings of a task's pod, written to the pipeline's second YAML document (the
/// <c>PlatformSpec</c>, docs/kfp-contract.md#kubernetes-settings-document-2) under the task's executor. Resource names take a constant, a
/// pipeline parameter or a task output; a task output also makes the task wait for its producer
/// (<c>dependentTasks</c>). They apply to container tasks only: a nested pipeline or importer task
/// carrying them fails the build with PIPE3015.
/// </summary>
public static partial class KubernetesOptions
{
    /// <summary>Sets environment variables from keys of a Secret (<c>secretAsEnv</c>).</summary>
    /// <param name="keyToEnv">Secret key → environment variable name.</param>
    /// <param name="optional">Start the pod even when the Secret does not exist.</param>
    public static T WithSecretAsEnv<T>(this T task, Value<string> secretName, IReadOnlyDictionary<string, string> keyToEnv, bool optional = false) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(secretName);
        task.Settings.Kubernetes.SecretEnvs.Add(new KeyedEnvSetting(secretName.Source, CheckKeyToEnv(keyToEnv), optional));
        return task;
    }

    /// <summary>Sets one environment variable from one key of a Secret (<c>secretAsEnv</c>).</summary>
    public static T WithSecretAsEnv<T>(this T task, Value<string> secretName, string secretKey, string envVar, bool optional = false) where T : PipelineTask =>
        task.WithSecretAsEnv(secretName, new Dictionary<string, string> { [secretKey ?? ""] = envVar }, optional);

    /// <summary>Mounts a Secret's keys as files under <paramref name="mountPath"/> (<c>secretAsVolume</c>).</summary>
    public static T WithSecretAsVolume<T>(this T task, Value<string> secretName, string mountPath, bool optional = false) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(secretName);
        task.Settings.Kubernetes.SecretVolumes.Add(new VolumeSetting(secretName.Source, CheckPath(mountPath), optional));
        return task;
    }

    /// <summary>Sets environment variables from keys of a ConfigMap (<c>configMapAsEnv</c>).</summary>
    public static T WithConfigMapAsEnv<T>(this T task, Value<string> configMapName, IReadOnlyDictionary<string, string> keyToEnv, bool optional = false) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(configMapName);
        task.Settings.Kubernetes.ConfigMapEnvs.Add(new KeyedEnvSetting(configMapName.Source, CheckKeyToEnv(keyToEnv), optional));
        return task;
    }

    /// <summary>Sets one environment variable from one key of a ConfigMap (<c>configMapAsEnv</c>).</summary>
    public static T WithConfigMapAsEnv<T>(this T task, Value<string> configMapName, string key, string envVar, bool optional = false) where T : PipelineTask =>
        task.WithConfigMapAsEnv(configMapName, new Dictionary<string, string> { [key ?? ""] = envVar }, optional);

    /// <summary>Mounts a ConfigMap's keys as files under <paramref name="mountPath"/> (<c>configMapAsVolume</c>).</summary>
    public static T WithConfigMapAsVolume<T>(this T task, Value<string> configMapName, string mountPath, bool optional = false) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(configMapName);
        task.Settings.Kubernetes.ConfigMapVolumes.Add(new VolumeSetting(configMapName.Source, CheckPath(mountPath), optional));
        return task;
    }

    /// <summary>Mounts a PersistentVolumeClaim (<c>pvcMount</c>), e.g. one made by
    /// <see cref="PipelineBuilder.CreatePvc"/>: <c>.WithPvcMount(pvc.PvcName, "/data")</c>.</summary>
    /// <param name="subPath">Path inside the volume to mount instead of its root.</param>
    public static T WithPvcMount<T>(this T task, Value<string> pvcName, string mountPath, string? subPath = null) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(pvcName);
        task.Settings.Kubernetes.PvcMounts.Add(new PvcMountSetting(pvcName.Source, CheckPath(mountPath), string.IsNullOrEmpty(subPath) ? null : subPath));
        return task;
    }

    /// <summary>Mounts an emptyDir volume (<c>emptyDirMounts</c>); <paramref name="medium"/> <c>"Memory"</c> makes it a tmpfs.</summary>
    public static T WithEmptyDir<T>(this T task, string volumeName, string mountPath, string? medium = null, string? sizeLimit = null) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(volumeName);
        task.Settings.Kubernetes.EmptyDirs.Add(new EmptyDirSetting(volumeName, CheckPath(mountPath), medium, sizeLimit));
        return task;
    }

    /// <summary>Schedules the pod only on nodes with this label (<c>nodeSelector.labels</c>).</summary>
    public static T WithNodeSelector<T>(this T task, string labelKey, string labelValue) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelKey);
        task.Settings.Kubernetes.NodeSelector[labelKey] = labelValue ?? "";
        return task;
    }

    /// <summary>A whole node selector as a JSON object that a pipeline parameter or task output holds
    /// (<c>nodeSelector.nodeSelectorJson</c>); it takes precedence over <see cref="WithNodeSelector{T}(T, string, string)"/>.</summary>
    public static T WithNodeSelectorJson<T, TJson>(this T task, Value<TJson> selector) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(selector);
        task.Settings.Kubernetes.NodeSelectorJson = selector.Source;
        return task;
    }

    /// <summary>Lets the pod run on nodes with a matching taint (<c>tolerations</c>).</summary>
    /// <param name="tolerationSeconds">For <see cref="TaintEffect.NoExecute"/>: how long the pod stays after the taint appears.</param>
    public static T WithToleration<T>(this T task, string? key = null, TolerationOperator? @operator = null, string? value = null, TaintEffect? effect = null, long? tolerationSeconds = null) where T : PipelineTask
    {
        if (string.IsNullOrEmpty(key) && @operator != TolerationOperator.Exists)
            throw new ArgumentException("A toleration without a key must use TolerationOperator.Exists (it then matches every taint).", nameof(key));
        if (@operator == TolerationOperator.Exists && !string.IsNullOrEmpty(value))
            throw new ArgumentException("A toleration with TolerationOperator.Exists matches any value; leave value empty.", nameof(value));
        task.Settings.Kubernetes.Tolerations.Add(new TolerationSetting(key, @operator?.ToString(), value, effect?.ToString(), tolerationSeconds, null));
        return task;
    }

    /// <summary>A toleration as a JSON object that a pipeline parameter or task output holds (<c>tolerations[].tolerationJson</c>).</summary>
    public static T WithTolerationJson<T, TJson>(this T task, Value<TJson> toleration) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(toleration);
        task.Settings.Kubernetes.Tolerations.Add(new TolerationSetting(null, null, null, null, null, toleration.Source));
        return task;
    }

    /// <summary>Constrains the nodes the pod may run on (<c>nodeAffinity</c>): required, or preferred
    /// with <paramref name="weight"/> (1-100).</summary>
    public static T WithNodeAffinity<T>(this T task, IEnumerable<NodeSelectorRequirement>? matchExpressions = null, IEnumerable<NodeSelectorRequirement>? matchFields = null, int? weight = null) where T : PipelineTask
    {
        var expressions = matchExpressions?.ToList() ?? [];
        var fields = matchFields?.ToList() ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
            throw new ArgumentException("A node affinity needs at least one match expression or match field.", nameof(matchExpressions));
        if (weight is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A preferred node affinity's weight is 1-100.");
        foreach (var r in expressions.Concat(fields))
            ArgumentException.ThrowIfNullOrWhiteSpace(r?.Key, nameof(matchExpressions));
        task.Settings.Kubernetes.NodeAffinities.Add(new NodeAffinitySetting(expressions, fields, weight, null));
        return task;
    }

    /// <summary>A node affinity as a JSON object (Kubernetes <c>NodeAffinity</c>) that a pipeline parameter or task output holds (<c>nodeAffinityJson</c>).</summary>
    public static T WithNodeAffinityJson<T, TJson>(this T task, Value<TJson> affinity) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(affinity);
        task.Settings.Kubernetes.NodeAffinities.Add(new NodeAffinitySetting([], [], null, affinity.Source));
        return task;
    }

    /// <summary>Pulls the image with these Secrets (<c>imagePullSecret</c>).</summary>
    public static T WithImagePullSecrets<T>(this T task, params Value<string>[] secretNames) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(secretNames);
        if (secretNames.Length == 0) throw new ArgumentException("Name at least one image pull secret.", nameof(secretNames));
        foreach (var name in secretNames)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(secretNames));
            task.Settings.Kubernetes.ImagePullSecrets.Add(name.Source);
        }
        return task;
    }

    /// <summary>The container's image pull policy (<c>imagePullPolicy</c>).</summary>
    public static T WithImagePullPolicy<T>(this T task, ImagePullPolicy policy) where T : PipelineTask
    {
        if (!Enum.IsDefined(policy)) throw new ArgumentOutOfRangeException(nameof(policy));
        task.Settings.Kubernetes.ImagePullPolicy = policy.ToString();
        return task;
    }

    /// <summary>Adds a label to the task's pod (<c>podMetadata.labels</c>).</summary>
    public static T WithPodLabel<T>(this T task, string key, string value) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        task.Settings.Kubernetes.PodLabels[key] = value ?? "";
        return task;
    }

    /// <summary>Adds an annotation to the task's pod (<c>podMetadata.annotations</c>).</summary>
    public static T WithPodAnnotation<T>(this T task, string key, string value) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        task.Settings.Kubernetes.PodAnnotations[key] = value ?? "";
        return task;
    }

    /// <summary>Fails the task's pod when it runs longer than <paramref name="timeout"/>
    /// (<c>activeDeadlineSeconds</c>, whole seconds rounded up).</summary>
    public static T WithTimeout<T>(this T task, TimeSpan timeout) where T : PipelineTask
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout must be positive.");
        task.Settings.Kubernetes.ActiveDeadlineSeconds = (long)Math.Ceiling(timeout.TotalSeconds);
        return task;
    }

    /// <summary>Sets an environment variable from a pod field (<c>fieldPathAsEnv</c>, the downward API), e.g. <c>metadata.name</c>.</summary>
    public static T WithFieldPathAsEnv<T>(this T task, string envVar, string fieldPath) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(envVar);
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldPath);
        task.Settings.Kubernetes.FieldPathEnvs.Add(new FieldPathEnvSetting(envVar, fieldPath));
        return task;
    }

    private static string CheckPath(string mountPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mountPath);
        if (!mountPath.StartsWith('/')) throw new ArgumentException($"'{mountPath}' is not an absolute mount path.", nameof(mountPath));
        return mountPath;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> CheckKeyToEnv(IReadOnlyDictionary<string, string> keyToEnv)
    {
        ArgumentNullException.ThrowIfNull(keyToEnv);
        if (keyToEnv.Count == 0) throw new ArgumentException("Map at least one key to an environment variable.", nameof(keyToEnv));
        foreach (var (key, env) in keyToEnv)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(keyToEnv));
            ArgumentException.ThrowIfNullOrWhiteSpace(env, nameof(keyToEnv));
        }
        return [.. keyToEnv];
    }
}

/// <summary>The Kubernetes part of a task's settings (docs/kfp-contract.md#kubernetes-settings-document-2).</summary>
internal sealed class KubernetesSettings
{
    public List<VolumeSetting> SecretVolumes { get; } = [];
    public List<KeyedEnvSetting> SecretEnvs { get; } = [];
    public List<VolumeSetting> ConfigMapVolumes { get; } = [];
    public List<KeyedEnvSetting> ConfigMapEnvs { get; } = [];
    public List<PvcMountSetting> PvcMounts { get; } = [];
    public List<EmptyDirSetting> EmptyDirs { get; } = [];
    public List<ValueSource> ImagePullSecrets { get; } = [];
    public string? ImagePullPolicy { get; set; }
    public SortedDictionary<string, string> NodeSelector { get; } = new(StringComparer.Ordinal);
    public ValueSource? NodeSelectorJson { get; set; }
    public List<TolerationSetting> Tolerations { get; } = [];
    public List<NodeAffinitySetting> NodeAffinities { get; } = [];
    public SortedDictionary<string, string> PodLabels { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> PodAnnotations { get; } = new(StringComparer.Ordinal);
    public long? ActiveDeadlineSeconds { get; set; }
    public List<FieldPathEnvSetting> FieldPathEnvs { get; } = [];
    public List<PodAffinitySetting> PodAffinities { get; } = [];
    public List<EphemeralVolumeSetting> EphemeralVolumes { get; } = [];
    public SharedMemorySetting? SharedMemory { get; set; }
    public SecurityContextSetting? SecurityContext { get; set; }
    public List<InitContainerSetting> InitContainers { get; } = [];
    public List<ResourceClaimSetting> ResourceClaims { get; } = [];

    public bool IsEmpty =>
        SecretVolumes.Count == 0 && SecretEnvs.Count == 0 && ConfigMapVolumes.Count == 0 && ConfigMapEnvs.Count == 0 &&
        PvcMounts.Count == 0 && EmptyDirs.Count == 0 && ImagePullSecrets.Count == 0 && ImagePullPolicy is null &&
        NodeSelector.Count == 0 && NodeSelectorJson is null && Tolerations.Count == 0 && NodeAffinities.Count == 0 &&
        PodLabels.Count == 0 && PodAnnotations.Count == 0 && ActiveDeadlineSeconds is null && FieldPathEnvs.Count == 0 &&
        PodAffinities.Count == 0 && EphemeralVolumes.Count == 0 && SharedMemory is null && SecurityContext is null &&
        InitContainers.Count == 0 && ResourceClaims.Count == 0;
}

internal sealed record VolumeSetting(ValueSource Name, string MountPath, bool Optional);
internal sealed record KeyedEnvSetting(ValueSource Name, IReadOnlyList<KeyValuePair<string, string>> KeyToEnv, bool Optional);
internal sealed record PvcMountSetting(ValueSource Name, string MountPath, string? SubPath);
internal sealed record EmptyDirSetting(string VolumeName, string MountPath, string? Medium, string? SizeLimit);
internal sealed record TolerationSetting(string? Key, string? Operator, string? Value, string? Effect, long? TolerationSeconds, ValueSource? Json);
internal sealed record NodeAffinitySetting(IReadOnlyList<NodeSelectorRequirement> MatchExpressions, IReadOnlyList<NodeSelectorRequirement> MatchFields, int? Weight, ValueSource? Json);
internal sealed record FieldPathEnvSetting(string Name, string FieldPath);
