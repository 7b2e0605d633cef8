using System.Text.Json.Nodes;

namespace Pipelines.Tests.Execution;

/// <summary>A component receives its <see cref="TaskConfig"/> from the executor input as KFP's driver writes it: a STRUCT
/// with the Go struct's camelCase keys, every field present and null when not passed through
/// (backend/src/v2/driver: TaskConfig, marshalled into the TASK_CONFIG input).</summary>
[TestClass]
public sealed class TaskConfigExecutorTests
{
    /// <summary>The driver's JSON for KFP's test_data pipeline_with_task_config (ENV, RESOURCES, volumes, scheduling).</summary>
    private const string DriverTaskConfig = """
        {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}]}}},
         "env": [{"name": "ENV1", "value": "val1"}, {"name": "MODE", "value": "fast"}, {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"key": "token", "name": "creds"}}}],
         "nodeSelector": {"disktype": "ssd"},
         "resources": {"limits": {"cpu": "100m", "memory": "100Mi", "nvidia.com/gpu": "1"}, "requests": {"cpu": "100m", "memory": "100Mi"}},
         "tolerations": [{"effect": "NoExecute", "key": "example-key", "operator": "Exists", "tolerationSeconds": 3600}],
         "volumeMounts": [{"mountPath": "/kfp-workspace", "name": "kfp-workspace"}, {"mountPath": "/data", "name": "kubernetes-task-config-pvc"}],
         "volumes": [{"name": "kfp-workspace", "persistentVolumeClaim": {"claimName": "run-1-kfp-workspace"}}, {"name": "kubernetes-task-config-pvc", "persistentVolumeClaim": {"claimName": "kubernetes-task-config-pvc"}}]}
        """;

    [TestMethod]
    public async Task TheComponentReadsTheTaskConfigTheDriverPasses()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("image", "trainer:1").ParameterJson("config", DriverTaskConfig);
        var output = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("launch-job", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        JsonAssert.AreEqual("""
            {"image": "trainer:1", "cpu": "100m", "memory": "100Mi", "mode": "fast", "nodeSelector": {"disktype": "ssd"},
             "volumes": 2, "mounts": 2, "tolerations": 1, "affinity": true}
            """, JsonNode.Parse(File.ReadAllText(output)));
    }

    [TestMethod]
    public async Task FieldsNotPassedThroughArriveAsNullAndAnAbsentInputIsEmpty()
    {
        using var dir = new TempDir();
        // What the driver sends for a component passing RESOURCES only: the other fields null, resources as set.
        var input = new ExecutorInputBuilder(dir.Path).ParameterJson("config", """
            {"affinity": null, "env": null, "nodeSelector": null, "resources": {"limits": {"cpu": "2"}}, "tolerations": null, "volumeMounts": null, "volumes": null}
            """);
        var output = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("resources-only", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        JsonAssert.AreEqual("""
            {"affinity": null, "env": null, "nodeSelector": null, "resources": {"limits": {"cpu": "2"}}, "tolerations": null, "volumeMounts": null, "volumes": null}
            """, JsonNode.Parse(File.ReadAllText(output)));

        using var empty = new TempDir();
        var none = new ExecutorInputBuilder(empty.Path);
        var emptyOutput = none.OutputParameter("Output");
        result = await Host.ExecuteAsync("resources-only", none);
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual(TaskConfig.Empty.ToJson(), File.ReadAllText(emptyOutput));
    }

    [TestMethod]
    public void SnakeCaseKeysAndTypedHelpersRead()
    {
        var config = System.Text.Json.JsonSerializer.Deserialize<TaskConfig>("""
            {"node_selector": {"pool": "gpu"}, "volume_mounts": [{"name": "v", "mountPath": "/v"}], "resources": {"requests": {"cpu": 1}}}
            """)!;
        Assert.AreEqual("gpu", config.NodeSelector!["pool"]);
        Assert.HasCount(1, config.VolumeMounts!);
        Assert.AreEqual("1", config.Request("cpu"));
        Assert.IsNull(config.Limit("cpu"));
        Assert.IsNull(config.EnvironmentValue("X"));
    }
}
