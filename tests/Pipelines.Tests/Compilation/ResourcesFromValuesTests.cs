namespace Pipelines.Tests.Compilation;

/// <summary>Cpu, memory and accelerator settings from pipeline values, against KFP's
/// test_data/sdk_compiled_pipelines/valid/pipeline_with_string_machine_fields_{pipeline_input,task_output}.yaml.</summary>
[TestClass]
public sealed class ResourcesFromValuesTests
{
    private const string MachineInputs = """
        {"parameters": {
          "accelerator_limit": {"defaultValue": "1", "isOptional": true, "parameterType": "STRING"},
          "accelerator_type": {"defaultValue": "NVIDIA_TESLA_P4", "isOptional": true, "parameterType": "STRING"},
          "cpu_limit": {"defaultValue": "4000m", "isOptional": true, "parameterType": "STRING"},
          "memory_limit": {"defaultValue": "15G", "isOptional": true, "parameterType": "STRING"}}}
        """;

    [TestMethod]
    public void PipelineParametersBecomePlaceholdersAndTaskInputsAsKfpWritesThem()
    {
        var spec = Ir.Compile("pipeline", p => FlowTasks.Print("x")
            .WithCpuLimit(p.Parameter<string>("cpu_limit"))
            .WithMemoryLimit(p.Parameter<string>("memory_limit"))
            .WithAccelerator(p.Parameter<string>("accelerator_type"), p.Parameter<string>("accelerator_limit")), MachineInputs);
        JsonAssert.AreEqual("""
            {"accelerator": {"resourceCount": "{{$.inputs.parameters['pipelinechannel--accelerator_limit']}}",
                             "resourceType": "{{$.inputs.parameters['pipelinechannel--accelerator_type']}}"},
             "resourceCpuLimit": "{{$.inputs.parameters['pipelinechannel--cpu_limit']}}",
             "resourceMemoryLimit": "{{$.inputs.parameters['pipelinechannel--memory_limit']}}"}
            """, spec["deploymentSpec"]!["executors"]!["exec-print"]!["container"]!["resources"]);
        JsonAssert.AreEqual("""
            {"accelerator_count": {"runtimeValue": {"constant": "{{$.inputs.parameters['pipelinechannel--accelerator_limit']}}"}},
             "accelerator_type": {"runtimeValue": {"constant": "{{$.inputs.parameters['pipelinechannel--accelerator_type']}}"}},
             "cpu_limit": {"runtimeValue": {"constant": "{{$.inputs.parameters['pipelinechannel--cpu_limit']}}"}},
             "memory_limit": {"runtimeValue": {"constant": "{{$.inputs.parameters['pipelinechannel--memory_limit']}}"}},
             "message": {"runtimeValue": {"constant": "x"}},
             "pipelinechannel--accelerator_limit": {"componentInputParameter": "accelerator_limit"},
             "pipelinechannel--accelerator_type": {"componentInputParameter": "accelerator_type"},
             "pipelinechannel--cpu_limit": {"componentInputParameter": "cpu_limit"},
             "pipelinechannel--memory_limit": {"componentInputParameter": "memory_limit"}}
            """, Ir.Root(spec)["print"]!["inputs"]!["parameters"]);
        JsonAssert.AreEqual("""{"parameters": {"message": {"parameterType": "STRING"}}}""", Ir.Component(spec, "comp-print")["inputDefinitions"],
            "the component itself does not grow inputs");
    }

    /// <summary>KFP leaves <c>dependentTasks</c> out here; we list the producers, as for every other
    /// value a task reads, so the pod is not built before its resource values exist.</summary>
    [TestMethod]
    public void TaskOutputsAreReadThroughPipelineChannelsAndTheProducersAreWaitedFor()
    {
        var spec = Ir.Compile("task-output", _ =>
        {
            var cpu = FlowTasks.Print("4000m");
            var memory = FlowTasks.Print("15G");
            FlowTasks.Print("x").WithCpuRequest(cpu.Output).WithMemoryRequest(memory.Output).WithAccelerator("nvidia.com/gpu", memory.Output);
        });
        JsonAssert.AreEqual("""
            {"accelerator": {"resourceCount": "{{$.inputs.parameters['pipelinechannel--print-2-Output']}}", "resourceType": "nvidia.com/gpu"},
             "resourceCpuRequest": "{{$.inputs.parameters['pipelinechannel--print-Output']}}",
             "resourceMemoryRequest": "{{$.inputs.parameters['pipelinechannel--print-2-Output']}}"}
            """, spec["deploymentSpec"]!["executors"]!["exec-print-3"]!["container"]!["resources"]);
        var task = Ir.Root(spec)["print-3"]!;
        JsonAssert.AreEqual("""["print", "print-2"]""", task["dependentTasks"]);
        JsonAssert.AreEqual("""{"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "print"}}""", task["inputs"]!["parameters"]!["pipelinechannel--print-Output"]);
        Assert.IsNull(task["inputs"]!["parameters"]!["accelerator_type"], "a constant type needs no task input");
        JsonAssert.AreEqual("""{"runtimeValue": {"constant": "{{$.inputs.parameters['pipelinechannel--print-2-Output']}}"}}""", task["inputs"]!["parameters"]!["accelerator_count"]);
    }

    [TestMethod]
    public void InsideGroupsTheValueIsHolePunchedLikeAnyOther()
    {
        var spec = Ir.Compile("in-groups", p =>
        {
            var memory = p.Parameter<string>("memory_limit");
            p.ParallelFor(["500m", "2"], cpu => FlowTasks.Print("x").WithCpuLimit(cpu).WithMemoryLimit(memory));
        }, MachineInputs);
        var task = Ir.Task(Ir.Tasks(spec, "comp-for-loop-2"), "print");
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--loop-item-param-1"}""", task["inputs"]!["parameters"]!["pipelinechannel--loop-item-param-1"]);
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--memory_limit"}""", task["inputs"]!["parameters"]!["pipelinechannel--memory_limit"]);
        JsonAssert.AreEqual("""{"componentInputParameter": "memory_limit"}""", Ir.Root(spec)["for-loop-2"]!["inputs"]!["parameters"]!["pipelinechannel--memory_limit"]);
        Assert.AreEqual("{{$.inputs.parameters['pipelinechannel--loop-item-param-1']}}",
            spec["deploymentSpec"]!["executors"]!["exec-print"]!["container"]!["resources"]!["resourceCpuLimit"]!.GetValue<string>());
    }

    [TestMethod]
    public void ConstantsThroughTheValueOverloadsAreTheConstantOptionsAndTheLastSettingWins()
    {
        var spec = Ir.Compile("constants", p =>
        {
            FlowTasks.Print("a").WithCpuLimit((Value<string>)"500m").WithAccelerator((Value<string>)"nvidia.com/gpu", (Value<string>)"2");
            FlowTasks.Print("b").WithCpuLimit(p.Parameter<string>("cpu_limit")).WithCpuLimit("1");
            FlowTasks.Print("c").WithMemoryLimit("1Gi").WithMemoryLimit(p.Parameter<string>("memory_limit"));
        }, MachineInputs);
        var executors = spec["deploymentSpec"]!["executors"]!;
        JsonAssert.AreEqual("""
            {"accelerator": {"count": "2", "resourceCount": "2", "resourceType": "nvidia.com/gpu", "type": "nvidia.com/gpu"}, "cpuLimit": 0.5, "resourceCpuLimit": "500m"}
            """, executors["exec-print"]!["container"]!["resources"]);
        JsonAssert.AreEqual("""{"cpuLimit": 1.0, "resourceCpuLimit": "1"}""", executors["exec-print-2"]!["container"]!["resources"]);
        Assert.IsNull(Ir.Root(spec)["print-2"]!["inputs"]!["parameters"]!["cpu_limit"]);
        JsonAssert.AreEqual("""{"resourceMemoryLimit": "{{$.inputs.parameters['pipelinechannel--memory_limit']}}"}""", executors["exec-print-3"]!["container"]!["resources"]);
    }

    [TestMethod]
    public void TheValidatorNoticesAPlaceholderWithoutItsTaskInput()
    {
        var spec = Ir.Compile("dropped-input", p => FlowTasks.Print("x").WithCpuLimit(p.Parameter<string>("cpu_limit")), MachineInputs);
        Ir.Root(spec)["print"]!["inputs"]!["parameters"]!.AsObject().Remove("pipelinechannel--cpu_limit");
        Assert.IsTrue(Pipelines.Tests.Kfp.KfpIrValidator.Validate(spec).Any(e => e.Contains("takes a resource from input 'pipelinechannel--cpu_limit', which the task does not pass")));
    }

    [TestMethod]
    public void ValuesKfpCannotSubstituteAreRejected()
    {
        var notString = Ir.Fails("int-cpu", p => FlowTasks.Print("x").WithCpuLimit(new Value<string>(((Value<int>)FlowTasks.Double(1).Output).Source)));
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, notString.Code);
        Assert.Contains("which KFP types as NUMBER_INTEGER, not STRING", notString.Message);

        var collected = Ir.Fails("collected-cpu", p =>
        {
            Value<string>? cpu = null;
            p.ParallelFor(["1", "2"], c => cpu = FlowTasks.Print(c).Output);
            FlowTasks.Print("x").WithCpuLimit(new Value<string>(p.Collected(cpu!).Source));
        });
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, collected.Code);
        Assert.Contains("a resource setting takes a constant, a pipeline parameter, a task output or a loop item", collected.Message);

        var onImporter = Ir.Fails("importer-cpu", p => p.Import<Dataset>("gs://b/d.csv").WithCpuLimit(p.Parameter<string>("cpu_limit")), MachineInputs);
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, onImporter.Code);
        Assert.Contains("resources from pipeline values", onImporter.Message);

        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("bad-count", _ => FlowTasks.Print("x").WithAccelerator((Value<string>)"gpu", (Value<string>)"two")));
        Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("bad-cpu", _ => FlowTasks.Print("x").WithCpuLimit((Value<string>)"lots")));
    }
}
