using System.Text.Json.Nodes;
using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>Spec → IR: pipelines traced through hand-written (generator-shaped) registrations.</summary>
[TestClass]
public sealed class PipelineCompilerTests
{
    private const string NoInputs = "{}";

    /// <summary>Compiles and checks that the result is valid KFP IR.</summary>
    private static JsonObject Compile(string name, Action<PipelineBuilder> define, string inputDefinitions = NoInputs,
        IReadOnlyDictionary<string, ExecutorTarget>? executors = null, string? displayName = null, string? description = null)
    {
        var spec = PipelineCompiler.Compile(new PipelineRegistration(name, displayName, description, inputDefinitions, define), executors ?? TestRegistrations.Executors);
        var errors = KfpIrValidator.Validate(spec);
        Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n{spec.ToJsonString(new() { WriteIndented = true })}");
        return spec;
    }

    private static PipelineDefinitionException CompileFails(string name, Action<PipelineBuilder> define, string inputDefinitions = NoInputs,
        IReadOnlyDictionary<string, ExecutorTarget>? executors = null) =>
        Assert.ThrowsExactly<PipelineDefinitionException>(() =>
            PipelineCompiler.Compile(new PipelineRegistration(name, null, null, inputDefinitions, define), executors ?? TestRegistrations.Executors));

    private static JsonNode Task(JsonObject spec, string key) =>
        spec["root"]!["dag"]!["tasks"]![key] ?? throw new AssertFailedException($"no task '{key}' in {string.Join(", ", spec["root"]!["dag"]!["tasks"]!.AsObject().Select(t => t.Key))}");

    private static JsonNode Container(JsonObject spec, string executor) => spec["deploymentSpec"]!["executors"]![executor]!["container"]!;

    private static List<string> Keys(JsonNode? node) => node is null ? [] : [.. node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    // ---- docs/kfp-contract.md#worked-example ----

    /// <summary>The Pipeline method of docs/kfp-contract.md#worked-example as a user would write it.</summary>
    private static void ChurnTraining(PipelineBuilder b, Param<int> epochs)
    {
        var preprocess = ChurnTasks.Preprocess();
        var train = ChurnTasks.Train(preprocess.Outputs.Dataset, epochs)
            .WithRetries(2)
            .WithEnv("DOTNET_gcServer", "1")
            .WithCpuLimit("2")
            .WithMemoryLimit("4Gi");
        ChurnTasks.Evaluate(train.Outputs.Model, preprocess.Outputs.Dataset);
    }

    [TestMethod]
    public void TheAnnotatedExampleCompilesToTheSameIr()
    {
        var example = TestResources.LoadJson("churn-training.json");
        var executors = new Dictionary<string, ExecutorTarget>();
        foreach (var (key, executor) in example["deploymentSpec"]!["executors"]!.AsObject())
            executors[key["exec-".Length..]] = new ExecutorTarget(executor!["container"]!["image"]!.GetValue<string>(), ["/app/Churn"]);

        var spec = Compile("churn-training", b => ChurnTraining(b, b.Parameter<int>("epochs")),
            """{"parameters":{"epochs":{"defaultValue":5,"isOptional":true,"parameterType":"NUMBER_INTEGER"}}}""",
            executors, displayName: "Churn training");

        Assert.StartsWith("pipelines-dotnet-", spec["sdkVersion"]!.GetValue<string>());
        // Pipeline outputs (root.dag.outputs) are not part of the C# authoring model yet.
        example.Remove("sdkVersion");
        example["root"]!.AsObject().Remove("outputDefinitions");
        example["root"]!["dag"]!.AsObject().Remove("outputs");
        spec.Remove("sdkVersion");
        JsonAssert.AreEqual(example, spec);
    }

    // ---- parameter inputs ----

    [TestMethod]
    public void ParameterInputsAreComponentInputsTaskOutputsOrConstants()
    {
        var spec = Compile("scalars", b =>
        {
            var ratio = b.Parameter<double>("ratio");
            var limit = b.Parameter<int?>("limit");
            var summary = StepsTasks.SummarizeValues(new List<int> { 1, 2, 3 });
            StepsTasks.Describe(summary.Outputs.Label, true, summary.Outputs.Count, 5_000_000_000L, ratio, 1.5f, Color.Blue, limit);
        }, """{"parameters":{"limit":{"isOptional":true,"parameterType":"NUMBER_INTEGER"},"ratio":{"defaultValue":0.5,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}}""");

        JsonAssert.AreEqual("""
            {"parameters": {
              "big":   {"runtimeValue": {"constant": 5000000000}},
              "color": {"runtimeValue": {"constant": "Blue"}},
              "count": {"taskOutputParameter": {"outputParameterKey": "count", "producerTask": "summarize-values"}},
              "flag":  {"runtimeValue": {"constant": true}},
              "limit": {"componentInputParameter": "limit"},
              "ratio": {"componentInputParameter": "ratio"},
              "scale": {"runtimeValue": {"constant": 1.5}},
              "text":  {"taskOutputParameter": {"outputParameterKey": "label", "producerTask": "summarize-values"}}
            }}
            """, Task(spec, "describe")["inputs"]);
        JsonAssert.AreEqual("""["summarize-values"]""", Task(spec, "describe")["dependentTasks"]);
        JsonAssert.AreEqual("""{"parameters": {"values": {"runtimeValue": {"constant": [1, 2, 3]}}}}""", Task(spec, "summarize-values")["inputs"]);
        Assert.IsNull(Task(spec, "summarize-values")["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"parameters":{"limit":{"isOptional":true,"parameterType":"NUMBER_INTEGER"},"ratio":{"defaultValue":0.5,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}}
            """, spec["root"]!["inputDefinitions"]);
    }

    [TestMethod]
    public void ListDictionaryAndRecordConstantsAreJsonWithSnakeCaseNames()
    {
        var spec = Compile("structs", b =>
        {
            var first = StepsTasks.Configure(new List<string> { "a", "b" }, new Dictionary<string, int> { ["x"] = 1 }, new TrainConfig(0.1, 2, ["f"], Color.Green));
            StepsTasks.Configure(b.Parameter<List<string>>("features"), new Dictionary<string, int>(), first.Output);
        }, """{"parameters":{"features":{"parameterType":"LIST"}}}""");

        JsonAssert.AreEqual("""
            {"parameters": {
              "base_config": {"runtimeValue": {"constant": {"learning_rate": 0.1, "layers": 2, "features": ["f"], "palette": "Green"}}},
              "features":    {"runtimeValue": {"constant": ["a", "b"]}},
              "weights":     {"runtimeValue": {"constant": {"x": 1}}}
            }}
            """, Task(spec, "configure")["inputs"]);
        JsonAssert.AreEqual("""
            {"parameters": {
              "base_config": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "configure"}},
              "features":    {"componentInputParameter": "features"},
              "weights":     {"runtimeValue": {"constant": {}}}
            }}
            """, Task(spec, "configure-2")["inputs"]);
    }

    [TestMethod]
    public void OptionalInputsLeftOutAreNotWritten()
    {
        var spec = Compile("optional", _ =>
        {
            var preprocess = ChurnTasks.Preprocess();
            StepsTasks.Clean(preprocess.Outputs.Dataset);
            StepsTasks.Describe("t", false, 1, 2, 3.0, 4f, Color.Red);
        });
        Assert.IsNull(Task(spec, "clean")["inputs"]!["parameters"]);
        Assert.AreSequenceEqual(["big", "color", "count", "flag", "ratio", "scale", "text"], Keys(Task(spec, "describe")["inputs"]!["parameters"]));
        Assert.IsNull(Task(spec, "preprocess")["inputs"]);
    }

    // ---- artifacts, task keys, components and executors ----

    [TestMethod]
    public void ArtifactsAreTaskOutputArtifactsAndRepeatedComponentsGetNumberedKeys()
    {
        var spec = Compile("artifacts", b =>
        {
            var preprocess = ChurnTasks.Preprocess();
            var clean = StepsTasks.Clean(preprocess.Outputs.Dataset);
            var clean2 = StepsTasks.Clean(clean.Outputs.Cleaned, 0.5);
            var train = ChurnTasks.Train(clean2.Outputs.Cleaned, clean.Output);
            var train2 = ChurnTasks.Train(clean2.Outputs.Cleaned, b.Parameter<int>("epochs"));
            StepsTasks.Score(train2.Outputs.Model, preprocess.Outputs.Dataset, 0.7);
            _ = train;
        }, """{"parameters":{"epochs":{"parameterType":"NUMBER_INTEGER"}}}""");

        Assert.AreSequenceEqual(["clean", "clean-2", "preprocess", "score", "train", "train-2"], Keys(spec["root"]!["dag"]!["tasks"]));
        Assert.AreSequenceEqual(["comp-clean", "comp-clean-2", "comp-preprocess", "comp-score", "comp-train", "comp-train-2"], Keys(spec["components"]));
        Assert.AreSequenceEqual(["exec-clean", "exec-clean-2", "exec-preprocess", "exec-score", "exec-train", "exec-train-2"], Keys(spec["deploymentSpec"]!["executors"]));
        foreach (var key in new[] { "clean", "clean-2", "preprocess", "score", "train", "train-2" })
        {
            JsonAssert.AreEqual(new JsonObject { ["name"] = "comp-" + key }, Task(spec, key)["componentRef"]);
            Assert.AreEqual("exec-" + key, spec["components"]!["comp-" + key]!["executorLabel"]!.GetValue<string>());
        }
        // Both copies run the same component.
        Assert.AreEqual("clean", Container(spec, "exec-clean-2")["args"]![3]!.GetValue<string>());
        Assert.AreEqual("train", Container(spec, "exec-train-2")["args"]![3]!.GetValue<string>());
        JsonAssert.AreEqual(spec["components"]!["comp-clean"], spec["components"]!["comp-clean-2"]!.DeepClone()
            .AsObject().Also(c => c["executorLabel"] = "exec-clean"));

        JsonAssert.AreEqual("""
            {"artifacts":  {"raw": {"taskOutputArtifact": {"outputArtifactKey": "cleaned", "producerTask": "clean"}}},
             "parameters": {"fill_value": {"runtimeValue": {"constant": 0.5}}}}
            """, Task(spec, "clean-2")["inputs"]);
        JsonAssert.AreEqual("""
            {"artifacts":  {"dataset": {"taskOutputArtifact": {"outputArtifactKey": "cleaned", "producerTask": "clean-2"}}},
             "parameters": {"epochs": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "clean"}}}}
            """, Task(spec, "train")["inputs"]);
        JsonAssert.AreEqual("""["clean", "clean-2"]""", Task(spec, "train")["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"artifacts":  {"model":     {"taskOutputArtifact": {"outputArtifactKey": "model", "producerTask": "train-2"}},
                            "test_data": {"taskOutputArtifact": {"outputArtifactKey": "dataset", "producerTask": "preprocess"}}},
             "parameters": {"threshold": {"runtimeValue": {"constant": 0.7}}}}
            """, Task(spec, "score")["inputs"]);
        JsonAssert.AreEqual("""["preprocess", "train-2"]""", Task(spec, "score")["dependentTasks"]);
        JsonAssert.AreEqual(JsonNode.Parse(StepsTasks.ScoreComponent.OutputDefinitions.ToJsonString()), spec["components"]!["comp-score"]!["outputDefinitions"]);
        JsonAssert.AreEqual(JsonNode.Parse(StepsTasks.ScoreComponent.InputDefinitions.ToJsonString()), spec["components"]!["comp-score"]!["inputDefinitions"]);
    }

    [TestMethod]
    public void ExecutorsRunTheEntryPointWithTheLauncherContract()
    {
        var executors = new Dictionary<string, ExecutorTarget>
        {
            ["preprocess"] = new("registry.example.com/pre@sha256:" + new string('a', 64), ["/app/Churn"]),
            ["clean"] = new("registry.example.com/clean:content-3f2a", ["dotnet", "/app/Churn.dll"]),
        };
        var spec = Compile("executors", _ => StepsTasks.Clean(ChurnTasks.Preprocess().Outputs.Dataset), executors: executors);

        JsonAssert.AreEqual("""
            {"executors": {
              "exec-clean": {"container": {
                "args": ["--executor_input", "{{$}}", "--function_to_execute", "clean"],
                "command": ["dotnet", "/app/Churn.dll"],
                "image": "registry.example.com/clean:content-3f2a"}},
              "exec-preprocess": {"container": {
                "args": ["--executor_input", "{{$}}", "--function_to_execute", "preprocess"],
                "command": ["/app/Churn"],
                "image": "registry.example.com/pre@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}
            }}
            """, spec["deploymentSpec"]);
    }

    [TestMethod]
    public void ImportedComponentsRunTheirOwnContainerVerbatimWithTheTaskSettingsOnTop()
    {
        var own = JsonNode.Parse("""
            {"image": "python:3.11", "command": ["sh", "-c", "python3 -m describe \"$0\""], "args": ["{{$.outputs.artifacts['dataset'].path}}"],
             "env": [{"name": "A", "value": "1"}]}
            """)!.AsObject();
        var executors = ExecutorTarget.ReadMap(new JsonObject
        {
            ["preprocess"] = ExecutorTarget.Imported(own).ToJson(),
            ["clean"] = new ExecutorTarget("registry.example.com/clean:1", ["dotnet", "/app/Churn.dll"]).ToJson(),
        }.ToJsonString());
        var spec = PipelineCompiler.Compile(new PipelineRegistration("imported", null, null, NoInputs,
            _ => StepsTasks.Clean(ChurnTasks.Preprocess().WithEnv("B", "2").WithCpuLimit("1").Outputs.Dataset)), executors);
        var errors = KfpIrValidator.Validate(spec, new KfpIrValidatorOptions { RequireExecutorInputContract = false });
        Assert.IsEmpty(errors, string.Join("\n", errors));

        JsonAssert.AreEqual("""
            {"args": ["{{$.outputs.artifacts['dataset'].path}}"],
             "command": ["sh", "-c", "python3 -m describe \"$0\""],
             "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
             "image": "python:3.11",
             "resources": {"cpuLimit": 1, "resourceCpuLimit": "1"}}
            """, spec["deploymentSpec"]!["executors"]!["exec-preprocess"]!["container"]);
        Assert.AreEqual("--function_to_execute", spec["deploymentSpec"]!["executors"]!["exec-clean"]!["container"]!["args"]![2]!.GetValue<string>(),
            "components of this build keep the entry point's contract");
    }

    [TestMethod]
    public void PipelineInfoRootAndSchemaVersion()
    {
        var spec = Compile("info", _ => ChurnTasks.Preprocess(), displayName: "Info pipeline", description: "Builds features. v1.2.3");
        JsonAssert.AreEqual("""{"name": "info", "displayName": "Info pipeline", "description": "Builds features. v1.2.3"}""", spec["pipelineInfo"]);
        Assert.AreEqual("2.1.0", spec["schemaVersion"]!.GetValue<string>());
        Assert.IsNull(spec["root"]!["inputDefinitions"]);
        Assert.IsNull(spec["root"]!["outputDefinitions"]);
        Assert.AreSequenceEqual(["components", "deploymentSpec", "pipelineInfo", "root", "schemaVersion", "sdkVersion"], spec.Select(p => p.Key),
            "keys are written sorted, as the KFP SDK does");

        var bare = Compile("bare", _ => ChurnTasks.Preprocess());
        JsonAssert.AreEqual("""{"name": "bare"}""", bare["pipelineInfo"]);
    }

    // ---- task options ----

    [TestMethod]
    public void DependentTasksAreSortedAndIncludeAfterTargets()
    {
        var spec = Compile("after", _ =>
        {
            var summary = StepsTasks.SummarizeValues(new List<int> { 1 });
            var first = ChurnTasks.Preprocess();
            var second = ChurnTasks.Preprocess();
            StepsTasks.Describe(summary.Outputs.Label, true, 1, 1, 1.0, 1f, Color.Red).After(second, summary, first);
            ChurnTasks.Preprocess().After(first);
        });
        JsonAssert.AreEqual("""["preprocess", "preprocess-2", "summarize-values"]""", Task(spec, "describe")["dependentTasks"]);
        JsonAssert.AreEqual("""["preprocess"]""", Task(spec, "preprocess-3")["dependentTasks"]);
        Assert.IsNull(Task(spec, "preprocess-3")["inputs"]);
    }

    [TestMethod]
    public void CachingIsOnByDefaultAndEmptyWhenTurnedOff()
    {
        var spec = Compile("caching", _ =>
        {
            ChurnTasks.Preprocess();
            ChurnTasks.Preprocess().WithCaching(false);
            ChurnTasks.Preprocess().WithCaching(false).WithCaching(true);
        });
        JsonAssert.AreEqual("""{"enableCache": true}""", Task(spec, "preprocess")["cachingOptions"]);
        JsonAssert.AreEqual("{}", Task(spec, "preprocess-2")["cachingOptions"]);
        JsonAssert.AreEqual("""{"enableCache": true}""", Task(spec, "preprocess-3")["cachingOptions"]);
    }

    [TestMethod]
    public void RetryPolicyHasAllFourFieldsWithDurationsInSeconds()
    {
        var spec = Compile("retries", _ =>
        {
            ChurnTasks.Preprocess();
            ChurnTasks.Preprocess().WithRetries(2);
            ChurnTasks.Preprocess().WithRetries(5, TimeSpan.FromSeconds(30), 1.5, TimeSpan.FromMinutes(10));
        });
        Assert.IsNull(Task(spec, "preprocess")["retryPolicy"]);
        JsonAssert.AreEqual("""{"backoffDuration": "0s", "backoffFactor": 2.0, "backoffMaxDuration": "3600s", "maxRetryCount": 2}""", Task(spec, "preprocess-2")["retryPolicy"]);
        JsonAssert.AreEqual("""{"backoffDuration": "30s", "backoffFactor": 1.5, "backoffMaxDuration": "600s", "maxRetryCount": 5}""", Task(spec, "preprocess-3")["retryPolicy"]);
    }

    [TestMethod]
    public void ResourcesHaveStringFieldsAndNumericMirrors()
    {
        var spec = Compile("resources", _ =>
        {
            ChurnTasks.Preprocess()
                .WithCpuRequest("500m").WithCpuLimit("2")
                .WithMemoryRequest("256Mi").WithMemoryLimit("4Gi")
                .WithAccelerator("nvidia.com/gpu", 2);
            ChurnTasks.Preprocess().WithCpuLimit("1.5").WithMemoryLimit("1G");
            ChurnTasks.Preprocess();
        });
        JsonAssert.AreEqual("""
            {"accelerator": {"count": "2", "resourceCount": "2", "resourceType": "nvidia.com/gpu", "type": "nvidia.com/gpu"},
             "cpuLimit": 2, "cpuRequest": 0.5, "memoryLimit": 4.294967296, "memoryRequest": 0.268435456,
             "resourceCpuLimit": "2", "resourceCpuRequest": "500m", "resourceMemoryLimit": "4Gi", "resourceMemoryRequest": "256Mi"}
            """, Container(spec, "exec-preprocess")["resources"]);
        JsonAssert.AreEqual("""{"cpuLimit": 1.5, "memoryLimit": 1, "resourceCpuLimit": "1.5", "resourceMemoryLimit": "1G"}""", Container(spec, "exec-preprocess-2")["resources"]);
        Assert.IsNull(Container(spec, "exec-preprocess-3")["resources"], "settings stay on their own task's executor");
        Assert.IsNull(Container(spec, "exec-preprocess-3")["env"]);
    }

    [TestMethod]
    public void EnvIsAListSortedByName()
    {
        var spec = Compile("env", _ => ChurnTasks.Preprocess().WithEnv("ZED", "z").WithEnv("ALPHA", "{not a placeholder}").WithEnv("MID", "").WithEnv("ZED", "last"));
        JsonAssert.AreEqual("""[{"name": "ALPHA", "value": "{not a placeholder}"}, {"name": "MID", "value": ""}, {"name": "ZED", "value": "last"}]""",
            Container(spec, "exec-preprocess")["env"]);
    }

    [TestMethod]
    public void DisplayNameGoesToTaskInfoAndTheKeyStays()
    {
        var spec = Compile("display", _ =>
        {
            ChurnTasks.Preprocess().WithDisplayName("Load & clean (v2)");
            ChurnTasks.Preprocess();
        });
        JsonAssert.AreEqual("""{"name": "Load & clean (v2)"}""", Task(spec, "preprocess")["taskInfo"]);
        JsonAssert.AreEqual("""{"name": "preprocess-2"}""", Task(spec, "preprocess-2")["taskInfo"]);
    }

    [TestMethod]
    public void TracesAreIndependent()
    {
        // The builder is per trace: compiling twice gives the same keys, not train-2 on the second run.
        var registration = new PipelineRegistration("twice", null, null, NoInputs, _ => ChurnTasks.Preprocess());
        var first = PipelineCompiler.Compile(registration, TestRegistrations.Executors);
        var second = PipelineCompiler.Compile(registration, TestRegistrations.Executors);
        JsonAssert.AreEqual(first, second);
        Assert.AreSequenceEqual(["preprocess"], Keys(second["root"]!["dag"]!["tasks"]));
    }

    [TestMethod]
    public void TaskFactoriesOutsideATraceThrow()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ChurnTasks.Preprocess());
        Assert.Contains("[Pipeline]", e.Message);
    }

    // ---- errors: PipelineDefinitionException naming the task ----

    [TestMethod]
    public void MissingRequiredParameterIsPipe3003()
    {
        var e = CompileFails("incomplete", _ => ChurnTasks.Train(ChurnTasks.Preprocess().Outputs.Dataset, null!));
        Assert.AreEqual(PipelineErrors.MissingRequiredInput, e.Code);
        Assert.AreEqual("task 'train': required input parameter 'epochs' is not supplied", e.Message);
    }

    [TestMethod]
    public void MissingRequiredArtifactIsPipe3003()
    {
        var e = CompileFails("incomplete", _ => ChurnTasks.Train(null!, 3));
        Assert.AreEqual(PipelineErrors.MissingRequiredInput, e.Code);
        Assert.AreEqual("task 'train': required input artifact 'dataset' is not supplied", e.Message);
    }

    [TestMethod]
    [DataRow("Churn")]
    [DataRow("churn_training")]
    [DataRow("-churn")]
    [DataRow("")]
    public void InvalidPipelineNameIsPipe3005(string name)
    {
        var traced = false;
        var e = CompileFails(name, _ => traced = true);
        Assert.AreEqual(PipelineErrors.InvalidName, e.Code);
        Assert.Contains($"'{name}'", e.Message);
        Assert.IsFalse(traced, "the name is checked before tracing");
    }

    [TestMethod]
    public void MissingExecutorIsPipe3006()
    {
        var executors = TestRegistrations.Executors.Where(e => e.Key != "score").ToDictionary();
        var e = CompileFails("no-image", _ =>
        {
            var preprocess = ChurnTasks.Preprocess();
            var train = ChurnTasks.Train(preprocess.Outputs.Dataset, 1);
            StepsTasks.Score(train.Outputs.Model, preprocess.Outputs.Dataset).WithDisplayName("Score it");
        }, executors: executors);
        Assert.AreEqual(PipelineErrors.NoExecutor, e.Code);
        Assert.AreEqual("task 'score': the build supplied no image for component 'score'", e.Message);
    }

    [TestMethod]
    public void ATaskFromAnotherTraceIsPipe3004()
    {
        ChurnTasks.PreprocessTask? leaked = null;
        Compile("first", _ => leaked = ChurnTasks.Preprocess());
        Assert.IsNotNull(leaked);

        var data = CompileFails("second", _ => ChurnTasks.Train(leaked.Outputs.Dataset, 1));
        Assert.AreEqual(PipelineErrors.ForeignTask, data.Code);
        Assert.AreEqual("task 'train' uses task 'preprocess', which belongs to another pipeline trace", data.Message);

        var after = CompileFails("third", _ => ChurnTasks.Preprocess().WithDisplayName("x").After(leaked));
        Assert.AreEqual(PipelineErrors.ForeignTask, after.Code);
        Assert.Contains("task 'preprocess' uses task 'preprocess'", after.Message);

        var parameter = CompileFails("fourth", b =>
        {
            StepsTasks.CleanTask? other = null;
            PipelineCompiler.Compile(new PipelineRegistration("inner", null, null, NoInputs, _ => other = StepsTasks.Clean(ChurnTasks.Preprocess().Outputs.Dataset)),
                TestRegistrations.Executors);
            ChurnTasks.Train(ChurnTasks.Preprocess().Outputs.Dataset, other!.Output);
        });
        Assert.AreEqual(PipelineErrors.ForeignTask, parameter.Code);
        Assert.Contains("task 'train' uses task 'clean'", parameter.Message);
    }

    [TestMethod]
    public void AnUndeclaredPipelineParameterIsPipe3002()
    {
        var e = CompileFails("typo", b => ChurnTasks.Train(ChurnTasks.Preprocess().Outputs.Dataset, b.Parameter<int>("epochz")),
            """{"parameters":{"epochs":{"parameterType":"NUMBER_INTEGER"}}}""");
        Assert.AreEqual(PipelineErrors.UnknownInput, e.Code);
        Assert.AreEqual("task 'train': input 'epochs' refers to pipeline parameter 'epochz', which the pipeline does not declare", e.Message);
    }

    [TestMethod]
    public void BindingAnInputTheComponentDoesNotHaveIsPipe3002()
    {
        var e = CompileFails("bad-factory", _ =>
        {
            var task = PipelineBuilder.Current.AddTask(new StepsTasks.DescribeTask(), StepsTasks.ExplodeComponent);
            task.BindParameter<int>("count", 1);
        });
        Assert.AreEqual(PipelineErrors.UnknownInput, e.Code);
        Assert.AreEqual("task 'explode': component 'explode' has no input parameter 'count'", e.Message);

        var artifact = CompileFails("bad-factory", _ =>
        {
            var preprocess = ChurnTasks.Preprocess();
            PipelineBuilder.Current.AddTask(new StepsTasks.InspectTask(), StepsTasks.ExplodeComponent).BindArtifact("item", preprocess.Outputs.Dataset);
        });
        Assert.AreEqual(PipelineErrors.UnknownInput, artifact.Code);
        Assert.AreEqual("task 'explode': component 'explode' has no input artifact 'item'", artifact.Message);
    }

    [TestMethod]
    public void ExceptionsFromThePipelineBodyPropagate()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => PipelineCompiler.Compile(
            new PipelineRegistration("throws", null, null, NoInputs, _ => throw new InvalidOperationException("body failed")), TestRegistrations.Executors));
        Assert.AreEqual("body failed", e.Message);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
