using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>TaskConfig passthroughs compile to the component spec KFP's compiler writes (test_data
/// compiled-workflows/dra_passthrough_check.yaml: <c>taskConfigPassthroughs: [{applyToTask: true, field: ...}]</c>, the
/// TaskConfig input <c>{isOptional: true, parameterType: TASK_CONFIG}</c>, no task input for it), and a task may set only
/// what its component passes through (KFP's compiler: "cannot handle resource type").</summary>
[TestClass]
public sealed class TaskConfigTests
{
    [TestMethod]
    public void TheComponentSpecListsThePassthroughsAndTheTaskDoesNotBindTheTaskConfig()
    {
        var compiled = Ir.CompileAll("task-config", p =>
            PassthroughTasks.Launch("trainer:1")
                .WithEnv("ENV1", "val1").WithCpuLimit("100m").WithMemoryRequest("100Mi").WithAccelerator("nvidia.com/gpu", 1)
                .WithPvcMount("data-pvc", "/data").WithNodeSelector("disktype", "ssd")
                .WithToleration("example-key", TolerationOperator.Exists, effect: TaintEffect.NoExecute, tolerationSeconds: 3600)
                .WithNodeAffinity([new NodeSelectorRequirement("disktype", NodeSelectorOperator.In, "ssd")]));
        var spec = compiled.PipelineSpec;

        JsonAssert.AreEqual("""
            {"executorLabel": "exec-launch-job",
             "inputDefinitions": {"parameters": {"config": {"isOptional": true, "parameterType": "TASK_CONFIG"}, "image": {"parameterType": "STRING"}}},
             "outputDefinitions": {"parameters": {"Output": {"parameterType": "STRING"}}},
             "taskConfigPassthroughs": [
               {"applyToTask": true, "field": "ENV"}, {"field": "RESOURCES"}, {"field": "KUBERNETES_VOLUMES"},
               {"field": "KUBERNETES_NODE_SELECTOR"}, {"field": "KUBERNETES_TOLERATIONS"}, {"field": "KUBERNETES_AFFINITY"}]}
            """, Ir.Component(spec, "comp-launch-job"));
        JsonAssert.AreEqual("""{"parameters": {"image": {"runtimeValue": {"constant": "trainer:1"}}}}""", Ir.Root(spec)["launch-job"]!["inputs"]);
        // The settings themselves compile as for any task: the driver decides what goes to the pod and what to the TaskConfig.
        Assert.AreEqual("100m", spec["deploymentSpec"]!["executors"]!["exec-launch-job"]!["container"]!["resources"]!["resourceCpuLimit"]!.GetValue<string>());
        Assert.IsNotNull(compiled.PlatformSpec!["platforms"]!["kubernetes"]!["deploymentSpec"]!["executors"]!["exec-launch-job"]!["pvcMount"]);
    }

    [TestMethod]
    public void TheCompiledComponentFileDoesNotForwardTheTaskConfig()
    {
        var spec = ComponentCompiler.Compile(PassthroughTasks.LaunchComponent, new ExecutorTarget("registry.example.com/steps@sha256:" + new string('b', 64), ["/app/Steps"]));

        Assert.IsEmpty(KfpIrValidator.ValidateCompiledComponent(spec));
        JsonAssert.AreEqual("""{"parameters": {"image": {"componentInputParameter": "image"}}}""", spec["root"]!["dag"]!["tasks"]!["launch-job"]!["inputs"]);
        Assert.HasCount(6, spec["components"]!["comp-launch-job"]!["taskConfigPassthroughs"]!.AsArray());
    }

    [TestMethod]
    public void ATaskMaySetOnlyWhatItsComponentPassesThrough()
    {
        Ir.Compile("resources-ok", _ => PassthroughTasks.ResourcesOnly().WithCpuLimit("2").WithMemoryLimit("4Gi").WithPodLabel("team", "ml").WithTimeout(TimeSpan.FromMinutes(5)));

        (string Name, Action<PipelineTask> Set, string Field, string Setting)[] cases =
        [
            ("env", t => t.WithEnv("A", "B"), "ENV", "WithEnv"),
            ("secret-env", t => t.WithSecretAsEnv("s", "k", "V"), "ENV", "WithSecretAsEnv"),
            ("pvc", t => t.WithPvcMount("my-pvc", "/mnt"), "KUBERNETES_VOLUMES", "WithPvcMount"),
            ("selector", t => t.WithNodeSelector("k", "v"), "KUBERNETES_NODE_SELECTOR", "WithNodeSelector"),
            ("toleration", t => t.WithToleration("k", TolerationOperator.Exists), "KUBERNETES_TOLERATIONS", "WithToleration"),
            ("affinity", t => t.WithNodeAffinity([new NodeSelectorRequirement("disktype", NodeSelectorOperator.In, "ssd")]), "KUBERNETES_AFFINITY", "WithNodeAffinity"),
        ];
        foreach (var (name, set, field, setting) in cases)
        {
            var e = Assert.ThrowsExactly<PipelineDefinitionException>(() => Ir.Compile(name, _ => set(PassthroughTasks.ResourcesOnly())), name);
            Assert.AreEqual(PipelineErrors.InvalidTaskConfig, e.Code, name);
            StringAssert.Contains(e.Message, $"component 'resources-only' passes through RESOURCES only, so its tasks cannot set {field} ({setting})", name);
        }

        // A component without passthroughs keeps every setting (KFP applies them all to the pod).
        Ir.Compile("plain", _ => FlowTasks.Print("x").WithEnv("A", "B").WithNodeSelector("k", "v"));
    }

    [TestMethod]
    public void ATaskConfigInputCannotBePassed()
    {
        var e = Assert.ThrowsExactly<PipelineDefinitionException>(() => Ir.Compile("bind-config", _ =>
            PipelineBuilder.Current.AddTask(new PassthroughTasks.ResourcesOnlyTask(), PassthroughTasks.ResourcesOnlyComponent).BindParameter<string>("config", "{}")));
        Assert.AreEqual(PipelineErrors.InvalidTaskConfig, e.Code);
    }
}
