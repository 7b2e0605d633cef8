using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local.Tests;

/// <summary>
/// TaskConfig passthroughs in a local run (docs/local-runs.md#task-config): the engine fills a <c>TASK_CONFIG</c> input
/// with what it knows of the task (literal env, resource limits; the rest null), keeps a field passed through without
/// <c>applyToTask</c> off the task's process as KFP keeps it off the pod, and lists what it leaves out in the notices.
/// The task runs in-process and records what it was given.
/// </summary>
[TestClass]
public sealed class TaskConfigRunTests
{
    private const string Yaml = """
        # PIPELINE DEFINITION
        # Name: task-config
        components:
          comp-launch:
            executorLabel: exec-launch
            inputDefinitions:
              parameters:
                config: {isOptional: true, parameterType: TASK_CONFIG}
                image: {parameterType: STRING}
            outputDefinitions:
              parameters:
                Output: {parameterType: STRING}
            taskConfigPassthroughs:
            - field: RESOURCES
            - {applyToTask: true, field: KUBERNETES_VOLUMES}
            - field: ENV
            - field: KUBERNETES_NODE_SELECTOR
        deploymentSpec:
          executors:
            exec-launch:
              container:
                image: example.com/launch:1
                command: [launch]
                args: ['{{$}}', '{{$.outputs.parameters[''Output''].output_file}}']
                env:
                - {name: MODE, value: fast}
                resources: {cpuLimit: 2.0, resourceCpuLimit: '2', memoryLimit: 4.294967296, resourceMemoryLimit: 4Gi}
        pipelineInfo:
          name: task-config
        root:
          dag:
            tasks:
              launch:
                cachingOptions: {enableCache: true}
                componentRef: {name: comp-launch}
                inputs:
                  parameters:
                    image: {runtimeValue: {constant: 'trainer:1'}}
                taskInfo: {name: launch}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.15.0
        ---
        platforms:
          kubernetes:
            deploymentSpec:
              executors:
                exec-launch:
                  pvcMount: [{constant: data-pvc, mountPath: /data, pvcNameParameter: {runtimeValue: {constant: data-pvc}}}]
                  nodeSelector: {labels: {pool: gpu}}
        """;

    [TestMethod]
    public async Task The_task_config_holds_what_the_run_knows_and_withheld_fields_stay_off_the_process()
    {
        var runs = TestRunCleanup.NewFolder("pipelines-task-config-");
        TaskExecution? seen = null;
        var recorder = new InProcessExecutor(execution =>
        {
            seen = execution;
            var config = JsonNode.Parse(execution.CommandLine[1])!["inputs"]!["parameterValues"]!["config"]!;
            Directory.CreateDirectory(Path.GetDirectoryName(execution.CommandLine[2])!);
            File.WriteAllText(execution.CommandLine[2], config.ToJsonString());
        });
        var result = await LocalRunner.RunAsync(ShellPipelines.Write(Yaml), new Dictionary<string, object?>(),
            new RunOptions { RunsRoot = runs, Executor = recorder, RunId = "r1" });

        Assert.AreEqual(RunState.Succeeded, result.State, string.Join("\n", result.Steps.Select(s => $"{s.Path}: {s.State} {s.Reason}")));
        var config = JsonNode.Parse(result.Task("launch").OutputParameters["Output"]!.GetValue<string>());
        var expected = JsonNode.Parse("""
            {"affinity": null, "env": [{"name": "MODE", "value": "fast"}], "nodeSelector": null,
             "resources": {"limits": {"cpu": "2", "memory": "4Gi"}}, "tolerations": null, "volumeMounts": null, "volumes": null}
            """);
        Assert.IsTrue(JsonNode.DeepEquals(expected, config), config?.ToJsonString());

        // ENV and RESOURCES are passed through without applyToTask: KFP keeps them off the pod, the engine off the process.
        Assert.IsNotNull(seen, "the task ran");
        Assert.IsFalse(seen.Environment.ContainsKey("MODE"));
        Assert.IsNull(seen.Executor.CpuLimit);
        Assert.IsNull(seen.Executor.MemoryLimit);
        // KUBERNETES_VOLUMES has applyToTask: the PVC is still mounted.
        Assert.IsTrue(seen.Mounts.Any(m => m.ContainerPath == "/data"), string.Join(", ", seen.Mounts));

        CollectionAssert.IsSubsetOf(new[]
        {
            "not honoured locally: TaskConfig passthrough ENV (literal variables only; secret, config map and field-path variables left out) (exec-launch)",
            "not honoured locally: TaskConfig passthrough KUBERNETES_NODE_SELECTOR (left null) (exec-launch)",
            "not honoured locally: TaskConfig passthrough KUBERNETES_VOLUMES (left null) (exec-launch)",
            "not honoured locally: TaskConfig passthrough RESOURCES (limits only, no requests) (exec-launch)",
        }, result.Notices.ToArray(), string.Join("\n", result.Notices));
    }
}
