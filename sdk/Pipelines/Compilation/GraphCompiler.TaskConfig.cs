namespace Pipelines;

/// <summary>KFP's rule for components that list <c>taskConfigPassthroughs</c>: a task of one may set only the parts
/// of its configuration the component passes through (KFP's compiler: "cannot handle resource type"). The groups
/// are the driver's: which settings it puts into each <c>TaskConfig</c> field (docs/kfp-contract.md#task-config).</summary>
internal sealed partial class GraphCompiler
{
    private static void CheckPassthroughs(PipelineTask task, string who)
    {
        var listed = task.Component.PassedThroughFields.ToHashSet(StringComparer.Ordinal);
        if (listed.Count == 0) return;
        foreach (var (field, settings) in SettingsByField(task.Settings))
        {
            if (settings.Count == 0 || listed.Contains(field)) continue;
            throw new PipelineDefinitionException(PipelineErrors.InvalidTaskConfig,
                $"{who}: component '{task.Component.Name}' passes through {string.Join(", ", listed.Order(StringComparer.Ordinal))} only, so its tasks cannot set " +
                $"{field} ({string.Join(", ", settings)}); add [TaskConfigPassthrough(TaskConfigField.{FieldName(field)})] to the component, " +
                "with ApplyToTask = true if the task's own pod needs it too", task.DefinedAt);
        }
    }

    private static IEnumerable<(string Field, List<string> Settings)> SettingsByField(TaskSettings s)
    {
        var k = s.Kubernetes;
        var resources = new List<string>();
        if (s.CpuRequest is not null || s.CpuLimit is not null) resources.Add("WithCpuRequest/WithCpuLimit");
        if (s.MemoryRequest is not null || s.MemoryLimit is not null) resources.Add("WithMemoryRequest/WithMemoryLimit");
        if (s.AcceleratorType is not null) resources.Add("WithAccelerator");
        if (s.ResourceValues.Count > 0) resources.Add("resources from pipeline values");
        yield return ("RESOURCES", resources);

        var env = new List<string>();
        if (s.Env.Count > 0) env.Add("WithEnv");
        if (k.SecretEnvs.Count > 0) env.Add("WithSecretAsEnv");
        if (k.ConfigMapEnvs.Count > 0) env.Add("WithConfigMapAsEnv");
        if (k.FieldPathEnvs.Count > 0) env.Add("WithFieldPathAsEnv");
        yield return ("ENV", env);

        var volumes = new List<string>();
        if (k.PvcMounts.Count > 0) volumes.Add("WithPvcMount");
        if (k.SecretVolumes.Count > 0) volumes.Add("WithSecretAsVolume");
        if (k.ConfigMapVolumes.Count > 0) volumes.Add("WithConfigMapAsVolume");
        yield return ("KUBERNETES_VOLUMES", volumes);

        yield return ("KUBERNETES_NODE_SELECTOR", k.NodeSelector.Count > 0 || k.NodeSelectorJson is not null ? ["WithNodeSelector"] : []);
        yield return ("KUBERNETES_TOLERATIONS", k.Tolerations.Count > 0 ? ["WithToleration"] : []);
        yield return ("KUBERNETES_AFFINITY", k.NodeAffinities.Count > 0 ? ["WithNodeAffinity"] : []);
    }

    private static string FieldName(string field) => field switch
    {
        "RESOURCES" => nameof(TaskConfigField.Resources),
        "ENV" => nameof(TaskConfigField.Env),
        "KUBERNETES_VOLUMES" => nameof(TaskConfigField.KubernetesVolumes),
        "KUBERNETES_NODE_SELECTOR" => nameof(TaskConfigField.KubernetesNodeSelector),
        "KUBERNETES_TOLERATIONS" => nameof(TaskConfigField.KubernetesTolerations),
        _ => nameof(TaskConfigField.KubernetesAffinity),
    };
}
