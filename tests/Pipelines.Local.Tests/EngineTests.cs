using System.Text.Json.Nodes;

namespace Pipelines.Local.Tests;

/// <summary>The engine's pieces on their own: KFP's conditions, placeholders, retry back-off.</summary>
[TestClass]
public sealed class EngineTests
{
    private static bool Cel(string expression, params (string Name, JsonNode? Value)[] values) =>
        CelEvaluator.EvaluateCondition(expression, values.ToDictionary(v => v.Name, v => v.Value));

    [TestMethod]
    public void Conditions_as_KFP_compilers_emit_them_evaluate_like_KFPs_driver()
    {
        Assert.IsTrue(Cel("inputs.parameter_values['pipelinechannel--acc'] >= inputs.parameter_values['pipelinechannel--min']", ("pipelinechannel--acc", 0.9), ("pipelinechannel--min", 0.85)));
        Assert.IsFalse(Cel("!(inputs.parameter_values['a'] >= inputs.parameter_values['b'])", ("a", 0.9), ("b", 0.85)));
        Assert.IsTrue(Cel("int(inputs.parameter_values['pipelinechannel--flip-Output']) == 1", ("pipelinechannel--flip-Output", 1L)), "numbers reach CEL as doubles; int() converts");
        Assert.IsTrue(Cel("inputs.parameter_values['pipelinechannel--coin'] == 'heads'", ("pipelinechannel--coin", "heads")));
        Assert.IsFalse(Cel("inputs.parameter_values['c'] == 'heads' && inputs.parameter_values['n'] > 5", ("c", "heads"), ("n", 5L)));
        Assert.IsTrue(Cel("inputs.parameter_values['c'] != \"tails\" || false", ("c", "heads")));
        Assert.IsTrue(Cel("inputs.parameter_values['ok'] == true", ("ok", true)));
        Assert.IsTrue(Cel("double(inputs.parameter_values['s']) < 0.5 && size(inputs.parameter_values['l']) == 3", ("s", "0.25"), ("l", new JsonArray(1, 2, 3))));
        Assert.ThrowsExactly<FormatException>(() => Cel("inputs.parameter_values['missing'] > 1"));
        Assert.ThrowsExactly<FormatException>(() => Cel("inputs.parameter_values['x']", ("x", 1L)), "not a boolean");
    }

    [TestMethod]
    public void Placeholders_resolve_as_KFPs_launcher_resolves_them()
    {
        var input = JsonNode.Parse("""
            {"inputs": {"parameterValues": {"n": 3, "s": "x y"}, "artifacts": {"d": {"artifacts": [{"name": "d", "uri": "gs://b/d", "metadata": {"rows": 2}}]}}},
             "outputs": {"parameters": {"p": {"outputFile": "/tmp/p"}}, "artifacts": {"m": {"artifacts": [{"name": "m", "uri": "/runs/t/m"}]}}, "outputFile": "/tmp/out.json"}}
            """)!.AsObject();
        var args = Placeholders.Resolve(
        [
            "--n={{$.inputs.parameters['n']}}", "{{$.inputs.parameters['s']}}", "{{$.inputs.artifacts['d'].path}}", "{{$.inputs.artifacts['d'].uri}}",
            "{{$.inputs.artifacts['d'].metadata}}", "{{$.outputs.artifacts['m'].path}}", "{{$.outputs.parameters['p'].output_file}}",
            """{"IfPresent": {"InputName": "n", "Then": ["--has-n", "{{$.inputs.parameters['n']}}"], "Else": ["--no-n"]}}""",
            """{"IfPresent": {"InputName": "absent", "Then": ["--absent"]}}""",
            """{"Concat": ["a-", "{{$.inputs.parameters['n']}}", "-b"]}""",
        ], input);
        CollectionAssert.AreEqual(new[] { "--n=3", "x y", "/gcs/b/d", "gs://b/d", "{\"rows\":2}", "/runs/t/m", "/tmp/p", "--has-n", "3", "a-3-b" }, args.ToArray());
        Assert.AreEqual(input.ToJsonString(), Placeholders.Resolve(["{{$}}"], input)[0]);
    }

    [TestMethod]
    public void Retry_backoff_grows_by_the_factor_up_to_the_maximum()
    {
        var policy = new Ir.RetryPolicy(3, TimeSpan.FromSeconds(30), 2, TimeSpan.FromSeconds(100));
        Assert.AreEqual(TimeSpan.FromSeconds(30), policy.DelayBefore(1));
        Assert.AreEqual(TimeSpan.FromSeconds(60), policy.DelayBefore(2));
        Assert.AreEqual(TimeSpan.FromSeconds(100), policy.DelayBefore(3));
    }

    [TestMethod]
    public void The_run_picture_shows_each_graph_node_in_the_state_of_its_most_pressing_iteration()
    {
        static TaskResult Task(string path, TaskState state) => new(path, path.Split('/')[^1], path, "container", state, null, 1, null,
            TimeSpan.Zero, new Dictionary<string, JsonNode?>(), new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(), null, null, null);
        var result = new RunResult("p", "r", "/tmp/r", RunState.Failed, new Dictionary<string, JsonNode?>(),
        [
            Task("prepare", TaskState.Cached),
            Task("for-loop-2", TaskState.Failed),
            Task("for-loop-2/0/train", TaskState.Succeeded),
            Task("for-loop-2/1/train", TaskState.Failed),
            Task("for-loop-2/2/train", TaskState.Retrying),
            Task("for-loop-2/0/score", TaskState.Cached),
            Task("for-loop-2/1/score", TaskState.Cancelled),
            Task("exit-handler-1/notify", TaskState.Succeeded),
        ], [], DateTimeOffset.UnixEpoch, TimeSpan.Zero);

        var states = RunPicture.States(result);

        Assert.AreEqual(Pipelines.Graphs.TaskState.Cached, states["prepare"]);
        Assert.AreEqual(Pipelines.Graphs.TaskState.Failed, states["for-loop-2/train"], "a failed iteration wins");
        Assert.AreEqual(Pipelines.Graphs.TaskState.Skipped, states["for-loop-2/score"], "a cancelled iteration shows over a cached one");
        Assert.AreEqual(Pipelines.Graphs.TaskState.Succeeded, states["exit-handler-1/notify"]);
        Assert.HasCount(5, states);
    }

    [TestMethod]
    public void Pod_scoped_volumes_become_task_directories_and_cluster_only_settings_are_listed_not_fatal()
    {
        var yaml = ShellPipelines.Write(ShellPipelines.Failing() + "\n" + """
            ---
            platforms:
              kubernetes:
                deploymentSpec:
                  executors:
                    exec-step:
                      emptyDirMounts: [{volumeName: scratch, mountPath: /scratch, medium: Memory, sizeLimit: 1Gi}]
                      genericEphemeralVolume: [{volumeName: big, mountPath: /big, accessModes: [ReadWriteOnce], size: 50Gi, defaultStorageClass: true}]
                      enabledSharedMemory: {volumeName: shm, size: 1Gi}
                      podAffinity: [{topologyKey: zone, matchPodLabels: {app: cache}}]
                      securityContext: {runAsUser: "1000"}
                      initContainers: [{name: fetch, image: busybox}]
                      podResourceClaims: [{resourceClaimTemplateName: gpu}]
                pipelineConfig:
                  workspace: {size: 10Gi, kubernetes: {pvcSpecPatch: {}}}
            """);
        var package = Pipelines.Local.Ir.IrReader.Read(yaml);
        Assert.AreEqual("10Gi", package.WorkspaceSize);
        var platform = package.Platform["exec-step"];
        CollectionAssert.AreEqual(new[] { "emptyDir:scratch:/scratch", "ephemeral:big:/big" },
            platform.Directories.Select(d => $"{d.Kind}:{d.Name?.Constant}:{d.MountPath}").ToArray());
        CollectionAssert.AreEquivalent(new[] { "enabledSharedMemory", "podAffinity", "securityContext", "initContainers", "podResourceClaims" }, platform.NotHonoured.ToArray());
    }

    [TestMethod]
    public void Resource_limits_from_pipeline_values_are_substituted_from_the_task_inputs()
    {
        var executor = new Pipelines.Local.Ir.ContainerExecutor("exec-train", "img", [], [], [],
            "{{$.inputs.parameters['pipelinechannel--cpu_limit']}}", "{{$.inputs.parameters['pipelinechannel--train-memory']}}", null, 0);
        var input = JsonNode.Parse("""
            {"inputs": {"parameterValues": {"pipelinechannel--cpu_limit": "1500m", "pipelinechannel--train-memory": "2Gi"}}, "outputs": {}}
            """)!.AsObject();
        var resolved = RunEngine.WithResolvedResources(executor, input);
        Assert.AreEqual("1500m", resolved.CpuLimit);
        Assert.AreEqual("2Gi", resolved.MemoryLimit);
        Assert.AreEqual(1_500_000_000L, ResourceQuantities.NanoCpus(resolved.CpuLimit));
        Assert.AreSame(executor.Label, RunEngine.WithResolvedResources(executor with { CpuLimit = "2", MemoryLimit = null }, input).Label);
        Assert.AreEqual("2", RunEngine.WithResolvedResources(executor with { CpuLimit = "2", MemoryLimit = null }, input).CpuLimit);
        var gpus = executor with { AcceleratorType = "nvidia.com/gpu", AcceleratorCountPlaceholder = "{{$.inputs.parameters['pipelinechannel--gpus']}}" };
        input["inputs"]!["parameterValues"]!["pipelinechannel--gpus"] = "2";
        Assert.AreEqual(2, RunEngine.WithResolvedResources(gpus, input).AcceleratorCount);
    }
}
