namespace Pipelines.Local.Ir;

/// <summary>A Kubernetes resource name in the PlatformSpec: a constant, a pipeline/component input or a task output.</summary>
public sealed record NameSource(string? Constant, string? ComponentInput, string? Producer, string? ProducerKey);

/// <summary>A secret or config map mounted as env (<c>keyToEnv</c>) or as files (<c>mountPath</c>).</summary>
public sealed record KeyedMount(string Kind, NameSource Name, IReadOnlyList<KeyValuePair<string, string>> KeyToEnv, string? MountPath, bool Optional);

/// <summary>A PVC or an empty dir mounted at a path (a local directory shared by the tasks that mount it).</summary>
public sealed record DirectoryMount(string Kind, NameSource? Name, string MountPath);

/// <summary>What the PlatformSpec (YAML document 2) says about one executor, in the parts a local run can honour.</summary>
public sealed record PlatformSettings(
    IReadOnlyList<KeyedMount> Secrets,
    IReadOnlyList<KeyedMount> ConfigMaps,
    IReadOnlyList<DirectoryMount> Directories,
    TimeSpan? Timeout,
    IReadOnlyList<string> NotHonoured)
{
    public static PlatformSettings None { get; } = new([], [], [], null, []);
}
