namespace Pipelines;

public static partial class KubernetesOptions
{
    /// <summary>
    /// Mounts a generic ephemeral volume (<c>genericEphemeralVolume</c>): a PersistentVolumeClaim
    /// of <paramref name="size"/> made for the pod and deleted with it, for scratch space larger than
    /// the node's disk allows. Without <paramref name="storageClassName"/> the cluster's default
    /// storage class provisions it.
    /// </summary>
    /// <param name="accessModes">The claim's access modes (default <c>ReadWriteOnce</c>).</param>
    /// <param name="labels">Labels of the claim.</param>
    /// <param name="annotations">Annotations of the claim.</param>
    public static T WithEphemeralVolume<T>(this T task, string volumeName, string mountPath, string size, IEnumerable<string>? accessModes = null,
        string? storageClassName = null, IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(volumeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(size);
        var modes = accessModes?.ToList() ?? ["ReadWriteOnce"];
        if (modes.Count == 0) throw new ArgumentException("Name at least one access mode.", nameof(accessModes));
        foreach (var mode in modes)
        {
            if (mode is not ("ReadWriteOnce" or "ReadOnlyMany" or "ReadWriteMany" or "ReadWriteOncePod"))
                throw new ArgumentException($"'{mode}' is not an access mode: use ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.", nameof(accessModes));
        }

        task.Settings.Kubernetes.EphemeralVolumes.Add(new EphemeralVolumeSetting(volumeName, CheckPath(mountPath), modes, size,
            string.IsNullOrEmpty(storageClassName) ? null : storageClassName, CheckLabels(labels, nameof(labels)), CheckLabels(annotations, nameof(annotations))));
        return task;
    }

    /// <summary>
    /// Gives the pod a larger <c>/dev/shm</c> (<c>enabledSharedMemory</c>): a memory-backed volume
    /// named <paramref name="volumeName"/>, of <paramref name="size"/> when given (e.g. <c>"1Gi"</c>),
    /// as PyTorch data loaders and NCCL need. For a tmpfs elsewhere use
    /// <see cref="WithEmptyDir{T}(T, string, string, string?, string?)"/> with medium <c>"Memory"</c>.
    /// </summary>
    public static T WithSharedMemory<T>(this T task, string? size = null, string volumeName = "shm") where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(volumeName);
        task.Settings.Kubernetes.SharedMemory = new SharedMemorySetting(volumeName, string.IsNullOrEmpty(size) ? null : size);
        return task;
    }
}

internal sealed record EphemeralVolumeSetting(string VolumeName, string MountPath, IReadOnlyList<string> AccessModes, string Size,
    string? StorageClassName, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);
internal sealed record SharedMemorySetting(string VolumeName, string? Size);
