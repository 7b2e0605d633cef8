namespace Pipelines;

/// <summary>
/// A part of a task's runtime configuration that KFP's driver can hand to a component as its
/// <see cref="TaskConfig"/> (KFP's <c>TaskConfigPassthroughType</c>; the numbers are the proto's).
/// </summary>
public enum TaskConfigField
{
    /// <summary>CPU, memory and accelerator requests and limits (<c>WithCpuLimit</c>, <c>WithAccelerator</c>, …): <c>RESOURCES</c>.</summary>
    Resources = 1,

    /// <summary>Environment variables (<c>WithEnv</c>, <c>WithSecretAsEnv</c>, <c>WithConfigMapAsEnv</c>, <c>WithFieldPathAsEnv</c>): <c>ENV</c>.</summary>
    Env = 2,

    /// <summary>Node affinity (<c>WithNodeAffinity</c>): <c>KUBERNETES_AFFINITY</c>.</summary>
    KubernetesAffinity = 3,

    /// <summary>Tolerations (<c>WithToleration</c>): <c>KUBERNETES_TOLERATIONS</c>.</summary>
    KubernetesTolerations = 4,

    /// <summary>The node selector (<c>WithNodeSelector</c>): <c>KUBERNETES_NODE_SELECTOR</c>.</summary>
    KubernetesNodeSelector = 5,

    /// <summary>Volumes and their mounts (<c>WithPvcMount</c>, <c>WithSecretAsVolume</c>, <c>WithConfigMapAsVolume</c>,
    /// the run's workspace): <c>KUBERNETES_VOLUMES</c>.</summary>
    KubernetesVolumes = 6,
}

/// <summary>
/// Passes one part of the task's runtime configuration through to the component, for components
/// that launch another workload (a training job, a Spark application) and want to give it the
/// resources, environment, volumes or scheduling the pipeline author set on the task. KFP's
/// driver fills the component's <see cref="TaskConfig"/> parameter with every field listed here,
/// and sets a listed field on the task's own pod only when <see cref="ApplyToTask"/> is true.
/// Fields not listed apply to the pod as usual, but once a component lists any, setting an
/// unlisted one on its task is an error (PIPE3018), as in KFP's compiler. Compiles to the
/// component spec's <c>taskConfigPassthroughs</c>, in declaration order.
/// </summary>
/// <example><code>
/// [Component]
/// [TaskConfigPassthrough(TaskConfigField.Resources)]
/// [TaskConfigPassthrough(TaskConfigField.Env, ApplyToTask = true)]
/// public static void LaunchTraining(string image, TaskConfig config) { ... config.Resources ... }
/// </code></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class TaskConfigPassthroughAttribute(TaskConfigField field) : Attribute
{
    /// <summary>The part of the configuration passed through.</summary>
    public TaskConfigField Field { get; } = field;

    /// <summary>Also set the field on the task's own pod (KFP's <c>apply_to_task</c>; default false: the field
    /// reaches only the component's <see cref="TaskConfig"/>).</summary>
    public bool ApplyToTask { get; set; }
}
