using System.Text.Json.Nodes;

namespace Pipelines.Tests;

// Components that launch another workload and take the task's configuration from KFP's driver
// (TaskConfig, taskConfigPassthroughs). The generator writes PassthroughTasks.

public static class Passthrough
{
    /// <summary>Every field passed through, as KFP's test_data pipeline_with_task_config lists them (ENV also on the pod).</summary>
    [Component(Name = "launch-job")]
    [TaskConfigPassthrough(TaskConfigField.Env, ApplyToTask = true)]
    [TaskConfigPassthrough(TaskConfigField.Resources)]
    [TaskConfigPassthrough(TaskConfigField.KubernetesVolumes)]
    [TaskConfigPassthrough(TaskConfigField.KubernetesNodeSelector)]
    [TaskConfigPassthrough(TaskConfigField.KubernetesTolerations)]
    [TaskConfigPassthrough(TaskConfigField.KubernetesAffinity)]
    public static string Launch(string image, TaskConfig config)
    {
        // What the launched workload would get: the task's settings, as Kubernetes JSON.
        var job = new JsonObject
        {
            ["image"] = image,
            ["cpu"] = config.Limit("cpu"),
            ["memory"] = config.Request("memory"),
            ["mode"] = config.EnvironmentValue("MODE"),
            ["nodeSelector"] = config.NodeSelector is { } s ? new JsonObject(s.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))) : null,
            ["volumes"] = config.Volumes?.Count,
            ["mounts"] = config.VolumeMounts?.Count,
            ["tolerations"] = config.Tolerations?.Count,
            ["affinity"] = config.Affinity is not null,
        };
        return job.ToJsonString();
    }

    /// <summary>Resources only, applied to the pod as well: other settings on its tasks are PIPE3018.</summary>
    [Component(Name = "resources-only")]
    [TaskConfigPassthrough(TaskConfigField.Resources, ApplyToTask = true)]
    public static string ResourcesOnly(TaskConfig config) => config.ToJson();
}
