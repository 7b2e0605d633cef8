namespace Pipelines;

public static partial class KubernetesOptions
{
    /// <summary>
    /// Adds a container that runs to completion before the task's own one starts
    /// (<c>initContainers</c>), in the order added; with <paramref name="sidecar"/> it instead keeps
    /// running beside it (a native sidecar, <c>restartPolicy: Always</c>).
    /// </summary>
    /// <param name="name">Unique within the pod; <c>kfp-launcher</c> is taken by KFP.</param>
    /// <param name="env">Environment variables, in order (later ones may refer to earlier ones as <c>$(NAME)</c>).</param>
    /// <param name="volumeMounts">Volume name → absolute mount path; the volume must be one the pod has
    /// (an <see cref="WithEmptyDir{T}(T, string, string, string?, string?)"/>, <see cref="WithEphemeralVolume{T}"/> or shared-memory volume name).</param>
    /// <param name="resourceRequests">Resource name → quantity, e.g. <c>cpu: 250m</c>.</param>
    /// <param name="resourceLimits">Resource name → quantity, e.g. <c>memory: 256Mi</c>.</param>
    public static T WithInitContainer<T>(this T task, string name, string image, IEnumerable<string>? command = null, IEnumerable<string>? args = null,
        IEnumerable<KeyValuePair<string, string>>? env = null, IReadOnlyDictionary<string, string>? volumeMounts = null, bool sidecar = false,
        IReadOnlyDictionary<string, string>? resourceRequests = null, IReadOnlyDictionary<string, string>? resourceLimits = null) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (name == "kfp-launcher") throw new ArgumentException("The init container name 'kfp-launcher' is reserved by KFP.", nameof(name));
        if (task.Settings.Kubernetes.InitContainers.Any(c => c.Name == name))
            throw new ArgumentException($"Task '{task.Name}' already has an init container named '{name}'.", nameof(name));
        var envList = env?.ToList() ?? [];
        foreach (var (envName, _) in envList) ArgumentException.ThrowIfNullOrWhiteSpace(envName, nameof(env));
        var mounts = new List<KeyValuePair<string, string>>();
        foreach (var (volume, path) in volumeMounts ?? new Dictionary<string, string>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(volume, nameof(volumeMounts));
            mounts.Add(KeyValuePair.Create(volume, CheckPath(path)));
        }
        task.Settings.Kubernetes.InitContainers.Add(new InitContainerSetting(name, image, command?.ToList() ?? [], args?.ToList() ?? [],
            envList.Select(e => KeyValuePair.Create(e.Key, e.Value ?? "")).ToList(), mounts, sidecar,
            CheckQuantities(resourceRequests, nameof(resourceRequests)), CheckQuantities(resourceLimits, nameof(resourceLimits))));
        return task;
    }

    private static SortedDictionary<string, string> CheckQuantities(IReadOnlyDictionary<string, string>? quantities, string parameter)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (resource, quantity) in quantities ?? new Dictionary<string, string>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(resource, parameter);
            ArgumentException.ThrowIfNullOrWhiteSpace(quantity, parameter);
            sorted[resource] = quantity;
        }
        return sorted;
    }
}

internal sealed record InitContainerSetting(string Name, string Image, IReadOnlyList<string> Command, IReadOnlyList<string> Args,
    IReadOnlyList<KeyValuePair<string, string>> Env, IReadOnlyList<KeyValuePair<string, string>> VolumeMounts, bool Sidecar,
    IReadOnlyDictionary<string, string> Requests, IReadOnlyDictionary<string, string> Limits);
