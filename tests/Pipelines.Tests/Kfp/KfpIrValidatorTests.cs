using System.Text.Json.Nodes;

namespace Pipelines.Tests.Kfp;

[TestClass]
public sealed class KfpIrValidatorTests
{
    /// <summary>The example of docs/kfp-contract.md#worked-example, as JSON.</summary>
    private static JsonObject Example() => TestResources.LoadJson("churn-training.json");

    private static IReadOnlyList<string> ValidateChanged(Action<JsonObject> change)
    {
        var spec = Example();
        change(spec);
        return KfpIrValidator.Validate(spec);
    }

    private static JsonObject Task(JsonObject spec, string name) => spec["root"]!["dag"]!["tasks"]![name]!.AsObject();

    private static void AssertSingleError(IReadOnlyList<string> errors, string pathPrefix, string fragment)
    {
        Assert.HasCount(1, errors, string.Join("\n", errors));
        Assert.StartsWith(pathPrefix, errors[0]);
        Assert.Contains(fragment, errors[0]);
    }

    private static void AssertHasError(IReadOnlyList<string> errors, string pathPrefix, string fragment) =>
        Assert.IsTrue(errors.Any(e => e.StartsWith(pathPrefix, StringComparison.Ordinal) && e.Contains(fragment, StringComparison.Ordinal)),
            $"Expected an error at '{pathPrefix}' containing '{fragment}'; got:\n{string.Join("\n", errors)}");

    [TestMethod]
    public void AcceptsTheAnnotatedExample()
    {
        var errors = KfpIrValidator.Validate(Example());
        Assert.IsEmpty(errors, string.Join("\n", errors));
    }

    [TestMethod]
    public void RejectsATypoedField()
    {
        var errors = ValidateChanged(s =>
        {
            var caching = Task(s, "train")["cachingOptions"]!.AsObject();
            caching.Remove("enableCache");
            caching["enableCahce"] = true;
        });
        AssertSingleError(errors, "$.root.dag.tasks.train.cachingOptions.enableCahce", "unknown field");
    }

    [TestMethod]
    public void TaskConfigPassthroughsAsKfpWritesThemAreValidAndTheirFieldsAreChecked()
    {
        // KFP's shape (test_data compiled-workflows/dra_passthrough_check.yaml): a false applyToTask is omitted.
        static void AddTaskConfig(JsonObject s, JsonArray passthroughs)
        {
            var component = s["components"]!["comp-train"]!.AsObject();
            component["inputDefinitions"]!["parameters"]!["config"] = JsonNode.Parse("""{"isOptional": true, "parameterType": "TASK_CONFIG"}""");
            component["taskConfigPassthroughs"] = passthroughs;
        }

        Assert.IsEmpty(ValidateChanged(s => AddTaskConfig(s, (JsonArray)JsonNode.Parse("""[{"applyToTask": true, "field": "ENV"}, {"field": "RESOURCES"}]""")!)));
        AssertSingleError(ValidateChanged(s => AddTaskConfig(s, (JsonArray)JsonNode.Parse("""[{"field": "GPU"}]""")!)),
            "$.components.comp-train.taskConfigPassthroughs[0].field", "'GPU' is not one of");
        AssertSingleError(ValidateChanged(s => AddTaskConfig(s, (JsonArray)JsonNode.Parse("""[{"field": "ENV", "apply_to_task": true}]""")!)),
            "$.components.comp-train.taskConfigPassthroughs[0].apply_to_task", "'applyToTask'");
        AssertHasError(ValidateChanged(s =>
        {
            AddTaskConfig(s, (JsonArray)JsonNode.Parse("""[{"field": "ENV"}]""")!);
            Task(s, "train")["inputs"]!["parameters"]!["config"] = JsonNode.Parse("""{"runtimeValue": {"constant": {}}}""");
        }), "$.root.dag.tasks.train.inputs.parameters.config", "TASK_CONFIG input");
    }

    [TestMethod]
    public void RejectsATypoedTopLevelField()
    {
        var errors = ValidateChanged(s => s["pipelineInfos"] = new JsonObject { ["name"] = "x" });
        AssertSingleError(errors, "$.pipelineInfos", "unknown field");
    }

    [TestMethod]
    public void RejectsSnakeCaseFieldNamesAndNamesTheCamelCaseOne()
    {
        var errors = ValidateChanged(s =>
        {
            var train = Task(s, "train");
            train["dependent_tasks"] = train["dependentTasks"]!.DeepClone();
        });
        AssertSingleError(errors, "$.root.dag.tasks.train.dependent_tasks", "'dependentTasks'");
    }

    [TestMethod]
    public void RejectsUnknownFieldsInsideContainerResources()
    {
        var errors = ValidateChanged(s => s["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["resources"]!["gpuLimit"] = "1");
        AssertSingleError(errors, "$.deploymentSpec.executors.exec-train.container.resources.gpuLimit", "unknown field");
    }

    [TestMethod]
    public void RejectsADanglingComponentRef()
    {
        var errors = ValidateChanged(s => Task(s, "train")["componentRef"]!["name"] = "comp-trian");
        AssertHasError(errors, "$.root.dag.tasks.train.componentRef.name", "'comp-trian' is not a component");
    }

    [TestMethod]
    public void RejectsADanglingExecutorLabel()
    {
        var errors = ValidateChanged(s => s["components"]!["comp-train"]!["executorLabel"] = "exec-trian");
        AssertHasError(errors, "$.components.comp-train.executorLabel", "'exec-trian' is not an executor");
    }

    [TestMethod]
    public void RejectsAProducerMissingFromDependentTasks()
    {
        var errors = ValidateChanged(s => Task(s, "evaluate")["dependentTasks"] = new JsonArray("preprocess"));
        AssertSingleError(errors, "$.root.dag.tasks.evaluate.inputs.artifacts.model.taskOutputArtifact.producerTask", "'train' is not listed in dependentTasks");
    }

    [TestMethod]
    public void RejectsAProducerThatIsNotASibling()
    {
        var errors = ValidateChanged(s =>
        {
            var evaluate = Task(s, "evaluate");
            evaluate["inputs"]!["artifacts"]!["model"]!["taskOutputArtifact"]!["producerTask"] = "fit";
        });
        AssertHasError(errors, "$.root.dag.tasks.evaluate.inputs.artifacts.model.taskOutputArtifact.producerTask", "'fit' is not a task of the same DAG");
    }

    [TestMethod]
    public void RejectsAMissingRequiredInput()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!.AsObject().Remove("epochs"));
        AssertSingleError(errors, "$.root.dag.tasks.train.inputs.parameters", "required input parameter 'epochs'");
    }

    [TestMethod]
    public void RejectsAMissingRequiredInputArtifact()
    {
        var errors = ValidateChanged(s => Task(s, "evaluate")["inputs"]!["artifacts"]!.AsObject().Remove("test_data"));
        AssertSingleError(errors, "$.root.dag.tasks.evaluate.inputs.artifacts", "required input artifact 'test_data'");
    }

    [TestMethod]
    public void AcceptsAnOptionalInputLeftOut()
    {
        var spec = Example();
        spec["components"]!["comp-train"]!["inputDefinitions"]!["parameters"]!["epochs"] =
            JsonNode.Parse("""{"parameterType":"NUMBER_INTEGER","isOptional":true,"defaultValue":3}""");
        Task(spec, "train")["inputs"]!["parameters"]!.AsObject().Remove("epochs");
        spec["root"]!.AsObject().Remove("inputDefinitions");
        Assert.IsEmpty(KfpIrValidator.Validate(spec));
    }

    [TestMethod]
    [DataRow("2.0.0")]
    [DataRow("2.1")]
    [DataRow("")]
    public void RejectsAWrongSchemaVersion(string version)
    {
        var errors = ValidateChanged(s => s["schemaVersion"] = version);
        AssertSingleError(errors, "$.schemaVersion", "must be '2.1.0'");
    }

    [TestMethod]
    public void RejectsAMissingSchemaVersion()
    {
        var errors = ValidateChanged(s => s.Remove("schemaVersion"));
        AssertSingleError(errors, "$.schemaVersion", "required");
    }

    [TestMethod]
    [DataRow("Churn-Training")]
    [DataRow("churn_training")]
    [DataRow("-churn")]
    [DataRow("")]
    public void RejectsAnInvalidPipelineName(string name)
    {
        var errors = ValidateChanged(s => s["pipelineInfo"]!["name"] = name);
        AssertSingleError(errors, "$.pipelineInfo.name", "");
    }

    [TestMethod]
    public void RejectsAPipelineNameLongerThan128Characters()
    {
        var errors = ValidateChanged(s => s["pipelineInfo"]!["name"] = new string('a', 129));
        AssertSingleError(errors, "$.pipelineInfo.name", "does not match");
    }

    [TestMethod]
    public void RejectsAnInvalidTaskKey()
    {
        var errors = ValidateChanged(s =>
        {
            var tasks = s["root"]!["dag"]!["tasks"]!.AsObject();
            var preprocess = tasks["preprocess"]!;
            tasks.Remove("preprocess");
            tasks["Pre_process"] = preprocess;
            foreach (var name in new[] { "train", "evaluate" })
            {
                var t = tasks[name]!;
                t["dependentTasks"] = new JsonArray(t["dependentTasks"]!.AsArray().Select(d => (JsonNode)(d!.GetValue<string>() == "preprocess" ? "Pre_process" : d.GetValue<string>())).ToArray());
            }
            tasks["train"]!["inputs"]!["artifacts"]!["dataset"]!["taskOutputArtifact"]!["producerTask"] = "Pre_process";
            tasks["evaluate"]!["inputs"]!["artifacts"]!["test_data"]!["taskOutputArtifact"]!["producerTask"] = "Pre_process";
        });
        AssertSingleError(errors, "$.root.dag.tasks.Pre_process", "kebab-case");
    }

    [TestMethod]
    public void RejectsComponentAndExecutorKeysWithoutTheirPrefix()
    {
        var errors = ValidateChanged(s =>
        {
            var components = s["components"]!.AsObject();
            var train = components["comp-train"]!;
            components.Remove("comp-train");
            components["train"] = train;
            Task(s, "train")["componentRef"]!["name"] = "train";
        });
        AssertSingleError(errors, "$.components.train", "must start with 'comp-'");
    }

    [TestMethod]
    [DataRow("INT")]
    [DataRow("PARAMETER_TYPE_ENUM_UNSPECIFIED")]
    [DataRow("number_integer")]
    public void RejectsUnknownParameterTypes(string type)
    {
        var errors = ValidateChanged(s => s["components"]!["comp-train"]!["inputDefinitions"]!["parameters"]!["epochs"]!["parameterType"] = type);
        AssertSingleError(errors, "$.components.comp-train.inputDefinitions.parameters.epochs.parameterType", "is not one of");
    }

    [TestMethod]
    public void RejectsTheDeprecatedTypeField()
    {
        var errors = ValidateChanged(s => s["components"]!["comp-train"]!["inputDefinitions"]!["parameters"]!["epochs"]!["type"] = "INT");
        AssertSingleError(errors, "$.components.comp-train.inputDefinitions.parameters.epochs.type", "deprecated");
    }

    [TestMethod]
    [DataRow("NUMBER_INTEGER", "\"5\"")]
    [DataRow("NUMBER_INTEGER", "5.5")]
    [DataRow("NUMBER_INTEGER", "9007199254740992")]
    [DataRow("NUMBER_DOUBLE", "true")]
    [DataRow("STRING", "5")]
    [DataRow("BOOLEAN", "\"true\"")]
    [DataRow("LIST", "\"[1]\"")]
    [DataRow("STRUCT", "[]")]
    [DataRow("STRING", "null")]
    public void RejectsADefaultValueOfTheWrongKind(string type, string defaultJson)
    {
        var errors = ValidateChanged(s => s["root"]!["inputDefinitions"]!["parameters"]!["epochs"] =
            new JsonObject { ["parameterType"] = type, ["isOptional"] = true, ["defaultValue"] = JsonNode.Parse(defaultJson) });
        AssertHasError(errors, "$.root.inputDefinitions.parameters.epochs.defaultValue", "does not match parameterType " + type);
    }

    [TestMethod]
    [DataRow("NUMBER_INTEGER", "5.0")]
    [DataRow("NUMBER_DOUBLE", "5")]
    [DataRow("STRING", "\"5\"")]
    [DataRow("BOOLEAN", "false")]
    [DataRow("LIST", "[1, \"a\"]")]
    [DataRow("STRUCT", "{\"a\": [1]}")]
    public void AcceptsADefaultValueOfTheRightKind(string type, string defaultJson)
    {
        var spec = Example();
        var definition = new JsonObject { ["parameterType"] = type, ["isOptional"] = true, ["defaultValue"] = JsonNode.Parse(defaultJson) };
        spec["root"]!["inputDefinitions"]!["parameters"]!["extra"] = definition;
        Assert.IsEmpty(KfpIrValidator.Validate(spec));
    }

    [TestMethod]
    [DataRow("acme.Model", "0.0.1", "schemaTitle")]
    [DataRow("Model", "0.0.1", "schemaTitle")]
    [DataRow("system.Model", "0.1", "schemaVersion")]
    [DataRow("system.Model", "v0.0.1", "schemaVersion")]
    public void RejectsArtifactTypesTheSdkCannotLoad(string title, string version, string field)
    {
        var errors = ValidateChanged(s => s["components"]!["comp-train"]!["outputDefinitions"]!["artifacts"]!["model"]!["artifactType"] =
            new JsonObject { ["schemaTitle"] = title, ["schemaVersion"] = version });
        AssertSingleError(errors, "$.components.comp-train.outputDefinitions.artifacts.model.artifactType." + field, "");
    }

    [TestMethod]
    public void RejectsAnUnknownComponentInputParameter()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!["epochs"] = new JsonObject { ["componentInputParameter"] = "epoch" });
        AssertSingleError(errors, "$.root.dag.tasks.train.inputs.parameters.epochs.componentInputParameter", "'epoch' is not an input parameter of the enclosing DAG component");
    }

    [TestMethod]
    public void RejectsAComponentInputArtifactTheDagDoesNotDeclare()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["artifacts"]!["dataset"] = new JsonObject { ["componentInputArtifact"] = "dataset" });
        AssertHasError(errors, "$.root.dag.tasks.train.inputs.artifacts.dataset.componentInputArtifact", "is not an input artifact of the enclosing DAG component");
    }

    [TestMethod]
    public void RejectsAnInputParameterWithTwoKinds()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!["epochs"] =
            JsonNode.Parse("""{"componentInputParameter":"epochs","runtimeValue":{"constant":3}}"""));
        AssertSingleError(errors, "$.root.dag.tasks.train.inputs.parameters.epochs", "exactly one of");
    }

    [TestMethod]
    public void RejectsAnInputParameterWithNoKind()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!["epochs"] = new JsonObject());
        AssertSingleError(errors, "$.root.dag.tasks.train.inputs.parameters.epochs", "found 0");
    }

    [TestMethod]
    public void RejectsAConstantOfTheWrongKind()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!["epochs"] = JsonNode.Parse("""{"runtimeValue":{"constant":"5"}}"""));
        AssertSingleError(errors, "$.root.dag.tasks.train.inputs.parameters.epochs.runtimeValue.constant", "NUMBER_INTEGER");
    }

    [TestMethod]
    public void RejectsRuntimeParameterWhichTheOssDriverDoesNotImplement()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!["epochs"] = JsonNode.Parse("""{"runtimeValue":{"runtimeParameter":"epochs"}}"""));
        AssertHasError(errors, "$.root.dag.tasks.train.inputs.parameters.epochs.runtimeValue.runtimeParameter", "not implemented");
    }

    [TestMethod]
    public void RejectsAnOutputKeyOfTheWrongKind()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!["epochs"] =
            JsonNode.Parse("""{"taskOutputParameter":{"producerTask":"preprocess","outputParameterKey":"dataset"}}"""));
        AssertSingleError(errors, "$.root.dag.tasks.train.inputs.parameters.epochs.taskOutputParameter.outputParameterKey", "is an output artifact, not a parameter");
    }

    [TestMethod]
    public void RejectsAnOutputArtifactKeyTheProducerDoesNotHave()
    {
        var errors = ValidateChanged(s => Task(s, "evaluate")["inputs"]!["artifacts"]!["model"]!["taskOutputArtifact"]!["outputArtifactKey"] = "weights");
        AssertSingleError(errors, "$.root.dag.tasks.evaluate.inputs.artifacts.model.taskOutputArtifact.outputArtifactKey", "task 'train' has no output artifact 'weights'");
    }

    [TestMethod]
    public void RejectsATaskInputTheComponentDoesNotDeclare()
    {
        var errors = ValidateChanged(s => Task(s, "train")["inputs"]!["parameters"]!["epoch_count"] = JsonNode.Parse("""{"runtimeValue":{"constant":3}}"""));
        AssertSingleError(errors, "$.root.dag.tasks.train.inputs.parameters.epoch_count", "has no input parameter 'epoch_count'");
    }

    [TestMethod]
    public void AcceptsInjectedTaskInputs()
    {
        var spec = Example();
        var parameters = Task(spec, "train")["inputs"]!["parameters"]!.AsObject();
        parameters["pipelinechannel--epochs"] = new JsonObject { ["componentInputParameter"] = "epochs" };
        parameters["cpu_limit"] = JsonNode.Parse("""{"runtimeValue":{"constant":"2"}}""");
        Assert.IsEmpty(KfpIrValidator.Validate(spec));
    }

    [TestMethod]
    public void RejectsDagOutputsThatDoNotMatchOutputDefinitions()
    {
        var missing = ValidateChanged(s => s["root"]!["dag"]!.AsObject().Remove("outputs"));
        AssertSingleError(missing, "$.root.dag.outputs.parameters", "'accuracy'");

        var wrongKey = ValidateChanged(s => s["root"]!["dag"]!["outputs"]!["parameters"]!["accuracy"]!["valueFromParameter"]!["outputParameterKey"] = "metrics");
        AssertSingleError(wrongKey, "$.root.dag.outputs.parameters.accuracy.valueFromParameter.outputParameterKey", "no output parameter 'metrics'");

        var wrongTask = ValidateChanged(s => s["root"]!["dag"]!["outputs"]!["parameters"]!["accuracy"]!["valueFromParameter"]!["producerSubtask"] = "score");
        AssertSingleError(wrongTask, "$.root.dag.outputs.parameters.accuracy.valueFromParameter.producerSubtask", "'score' is not a task");

        var undeclared = ValidateChanged(s => s["root"]!.AsObject().Remove("outputDefinitions"));
        AssertSingleError(undeclared, "$.root.dag.outputs.parameters.accuracy", "not declared");
    }

    [TestMethod]
    public void RejectsCyclicDependencies()
    {
        var errors = ValidateChanged(s => Task(s, "preprocess")["dependentTasks"] = new JsonArray("evaluate"));
        AssertSingleError(errors, "$.root.dag.tasks", "cycle");
    }

    [TestMethod]
    public void RejectsSelfAndDuplicateDependencies()
    {
        var errors = ValidateChanged(s => Task(s, "train")["dependentTasks"] = new JsonArray("preprocess", "preprocess", "train"));
        AssertHasError(errors, "$.root.dag.tasks.train.dependentTasks[1]", "listed twice");
        AssertHasError(errors, "$.root.dag.tasks.train.dependentTasks[2]", "itself");
    }

    [TestMethod]
    public void RejectsUnusedComponentsAndExecutors()
    {
        var errors = ValidateChanged(s =>
        {
            s["components"]!["comp-extra"] = s["components"]!["comp-preprocess"]!.DeepClone();
            s["components"]!["comp-extra"]!["executorLabel"] = "exec-extra";
            s["deploymentSpec"]!["executors"]!["exec-extra"] = s["deploymentSpec"]!["executors"]!["exec-preprocess"]!.DeepClone();
            s["deploymentSpec"]!["executors"]!["exec-orphan"] = s["deploymentSpec"]!["executors"]!["exec-preprocess"]!.DeepClone();
        });
        Assert.HasCount(2, errors, string.Join("\n", errors));
        AssertHasError(errors, "$.components.comp-extra", "not referenced");
        AssertHasError(errors, "$.deploymentSpec.executors.exec-orphan", "not referenced");
    }

    [TestMethod]
    public void RejectsARootThatIsNotADag()
    {
        var errors = ValidateChanged(s => s["root"] = new JsonObject { ["executorLabel"] = "exec-train" });
        AssertHasError(errors, "$.root", "DAG");
    }

    [TestMethod]
    public void RejectsAnExecutorWithoutCommand()
    {
        var errors = ValidateChanged(s => s["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["command"] = new JsonArray());
        AssertSingleError(errors, "$.deploymentSpec.executors.exec-train.container.command", "must name the program");
    }

    [TestMethod]
    [DataRow("[\"--executor_input\", \"--function_to_execute\", \"train\"]", "--executor_input")]
    [DataRow("[\"--executor_input\", \"{{$}}\", \"train\"]", "--function_to_execute")]
    [DataRow("[\"--executor_input\", \"{{$}}\", \"--function_to_execute\"]", "--function_to_execute")]
    public void RejectsExecutorArgsWithoutTheLauncherContract(string args, string fragment)
    {
        var errors = ValidateChanged(s => s["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["args"] = JsonNode.Parse(args));
        AssertSingleError(errors, "$.deploymentSpec.executors.exec-train.container.args", fragment);
    }

    [TestMethod]
    public void TheLauncherContractCheckCanBeTurnedOff()
    {
        var spec = Example();
        spec["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["args"] = new JsonArray("--epochs", "{{$.inputs.parameters['epochs']}}");
        Assert.HasCount(2, KfpIrValidator.Validate(spec));
        Assert.IsEmpty(KfpIrValidator.Validate(spec, new KfpIrValidatorOptions { RequireExecutorInputContract = false }));
    }

    [TestMethod]
    public void RejectsPlaceholdersNamingUndeclaredInputs()
    {
        var errors = KfpIrValidator.Validate(Changed(s => s["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["args"] =
            new JsonArray("--executor_input", "{{$}}", "--function_to_execute", "train", "--out", "{{$.outputs.parameters['epochs'].output_file}}")));
        AssertSingleError(errors, "$.deploymentSpec.executors.exec-train.container.args[5]", "output parameter 'epochs'");
    }

    private static JsonObject Changed(Action<JsonObject> change)
    {
        var spec = Example();
        change(spec);
        return spec;
    }

    [TestMethod]
    [DataRow("resourceMemoryLimit", "4GB")]
    [DataRow("resourceMemoryLimit", "1.5Gi")]
    [DataRow("resourceCpuLimit", "2 cores")]
    [DataRow("resourceCpuLimit", "-1")]
    public void RejectsInvalidResourceQuantities(string field, string value)
    {
        var errors = ValidateChanged(s => s["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["resources"]![field] = value);
        AssertSingleError(errors, "$.deploymentSpec.executors.exec-train.container.resources." + field, "quantity");
    }

    [TestMethod]
    public void AcceptsResourcePlaceholdersAndAccelerators()
    {
        var spec = Example();
        var resources = spec["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["resources"]!.AsObject();
        resources["resourceCpuRequest"] = "{{$.inputs.parameters['pipelinechannel--cpu']}}";
        resources["cpuRequest"] = 0.5;
        resources["accelerator"] = JsonNode.Parse("""{"count":"1","resourceCount":"1","resourceType":"nvidia.com/gpu","type":"nvidia.com/gpu"}""");
        AssertSingleError(KfpIrValidator.Validate(spec), "$.root.dag.tasks.train.inputs.parameters", "takes a resource from input 'pipelinechannel--cpu'");
        // The driver substitutes the placeholder from the task's inputs, so the task must pass it.
        spec["root"]!["dag"]!["tasks"]!["train"]!["inputs"]!["parameters"]!["pipelinechannel--cpu"] = JsonNode.Parse("""{"runtimeValue": {"constant": "500m"}}""");
        Assert.IsEmpty(KfpIrValidator.Validate(spec));
    }

    [TestMethod]
    public void RejectsEnvWithPlaceholdersOrBadNames()
    {
        var errors = ValidateChanged(s => s["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["env"] =
            JsonNode.Parse("""[{"name":"RUN","value":"{{$.pipeline_job_name}}"},{"name":"1BAD","value":"x"}]"""));
        Assert.HasCount(2, errors, string.Join("\n", errors));
        AssertHasError(errors, "$.deploymentSpec.executors.exec-train.container.env[0].value", "placeholders");
        AssertHasError(errors, "$.deploymentSpec.executors.exec-train.container.env[1].name", "'1BAD'");
    }

    [TestMethod]
    [DataRow("30", "backoffDuration")]
    [DataRow("1h", "backoffMaxDuration")]
    public void RejectsRetryDurationsThatAreNotProtobufDurations(string value, string field)
    {
        var errors = ValidateChanged(s => Task(s, "train")["retryPolicy"]![field] = value);
        AssertSingleError(errors, "$.root.dag.tasks.train.retryPolicy." + field, "google.protobuf.Duration");
    }

    [TestMethod]
    public void RejectsAnExecutorWithTwoKinds()
    {
        var errors = ValidateChanged(s => s["deploymentSpec"]!["executors"]!["exec-train"]!["importer"] =
            JsonNode.Parse("""{"artifactUri":{"constant":"gs://b/k"},"typeSchema":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}"""));
        AssertSingleError(errors, "$.deploymentSpec.executors.exec-train", "exactly one of");
    }

    [TestMethod]
    public void AcceptsAnImporterExecutor()
    {
        var spec = Example();
        spec["deploymentSpec"]!["executors"]!["exec-preprocess"] =
            JsonNode.Parse("""{"importer":{"artifactUri":{"constant":"gs://bucket/churn.csv"},"typeSchema":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"},"reimport":false}}""");
        Assert.IsEmpty(KfpIrValidator.Validate(spec));
    }

    [TestMethod]
    public void AcceptsConditionsLoopsAndFinalStatusInputs()
    {
        // A hand-written spec with the SDK's control-flow lowering (docs/kfp-contract.md#control-flow): a loop group
        // fed by a pipeline parameter, a condition on a task output inside, and an exit task.
        var spec = JsonNode.Parse("""
        {
          "components": {
            "comp-for-loop-1": {
              "dag": {"tasks": {
                "condition-2": {
                  "componentRef": {"name": "comp-condition-2"},
                  "inputs": {"parameters": {"pipelinechannel--items-loop-item": {"componentInputParameter": "pipelinechannel--items-loop-item"}}},
                  "taskInfo": {"name": "condition-2"},
                  "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--items-loop-item'] == 'a'"}
                }
              }},
              "inputDefinitions": {"parameters": {
                "pipelinechannel--items": {"parameterType": "LIST"},
                "pipelinechannel--items-loop-item": {"parameterType": "STRING"}
              }}
            },
            "comp-condition-2": {
              "dag": {"tasks": {
                "echo": {
                  "cachingOptions": {"enableCache": true},
                  "componentRef": {"name": "comp-echo"},
                  "inputs": {"parameters": {"text": {"componentInputParameter": "pipelinechannel--items-loop-item"}}},
                  "taskInfo": {"name": "echo"}
                }
              }},
              "inputDefinitions": {"parameters": {"pipelinechannel--items-loop-item": {"parameterType": "STRING"}}}
            },
            "comp-echo": {
              "executorLabel": "exec-echo",
              "inputDefinitions": {"parameters": {"text": {"parameterType": "STRING"}}}
            },
            "comp-notify": {
              "executorLabel": "exec-notify",
              "inputDefinitions": {"parameters": {"status": {"isOptional": true, "parameterType": "TASK_FINAL_STATUS"}}}
            }
          },
          "deploymentSpec": {"executors": {
            "exec-echo": {"container": {"image": "x/echo:1", "command": ["/app/E"], "args": ["--executor_input", "{{$}}", "--function_to_execute", "echo"]}},
            "exec-notify": {"container": {"image": "x/notify:1", "command": ["/app/E"], "args": ["--executor_input", "{{$}}", "--function_to_execute", "notify"]}}
          }},
          "pipelineInfo": {"name": "loops"},
          "root": {
            "dag": {"tasks": {
              "for-loop-1": {
                "componentRef": {"name": "comp-for-loop-1"},
                "inputs": {"parameters": {"pipelinechannel--items": {"componentInputParameter": "items"}}},
                "iteratorPolicy": {"parallelismLimit": 2},
                "parameterIterator": {"itemInput": "pipelinechannel--items-loop-item", "items": {"inputParameter": "pipelinechannel--items"}},
                "taskInfo": {"name": "for-loop-1"}
              },
              "notify": {
                "cachingOptions": {"enableCache": true},
                "componentRef": {"name": "comp-notify"},
                "dependentTasks": ["for-loop-1"],
                "inputs": {"parameters": {"status": {"taskFinalStatus": {"producerTask": "for-loop-1"}}}},
                "taskInfo": {"name": "notify"},
                "triggerPolicy": {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}
              }
            }},
            "inputDefinitions": {"parameters": {"items": {"parameterType": "LIST", "defaultValue": ["a", "b"], "isOptional": true}}}
          },
          "schemaVersion": "2.1.0",
          "sdkVersion": "pipelines-dotnet-0.1.0"
        }
        """)!.AsObject();
        var errors = KfpIrValidator.Validate(spec);
        Assert.IsEmpty(errors, string.Join("\n", errors));

        // The condition may only read the group task's own inputs.
        spec["components"]!["comp-for-loop-1"]!["dag"]!["tasks"]!["condition-2"]!["triggerPolicy"]!["condition"] = "inputs.parameter_values['pipelinechannel--other'] == 'a'";
        AssertSingleError(KfpIrValidator.Validate(spec), "$.components.comp-for-loop-1.dag.tasks.condition-2.triggerPolicy.condition", "'pipelinechannel--other'");
    }

    [TestMethod]
    public void CompiledComponentRuleNeedsCompAndExecNamedAfterThePipeline()
    {
        var spec = JsonNode.Parse("""
        {
          "components": {"comp-train": {"executorLabel": "exec-train",
            "inputDefinitions": {"parameters": {"epochs": {"parameterType": "NUMBER_INTEGER"}}}}},
          "deploymentSpec": {"executors": {"exec-train": {"container": {"image": "x/train:1", "command": ["/app/T"],
            "args": ["--executor_input", "{{$}}", "--function_to_execute", "train"]}}}},
          "pipelineInfo": {"name": "train"},
          "root": {"dag": {"tasks": {"train": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-train"},
            "inputs": {"parameters": {"epochs": {"componentInputParameter": "epochs"}}}, "taskInfo": {"name": "train"}}}},
            "inputDefinitions": {"parameters": {"epochs": {"parameterType": "NUMBER_INTEGER"}}}},
          "schemaVersion": "2.1.0"
        }
        """)!.AsObject();
        Assert.IsEmpty(KfpIrValidator.ValidateCompiledComponent(spec));

        var renamed = (JsonObject)spec.DeepClone();
        renamed["pipelineInfo"]!["name"] = "trainer";
        AssertHasError(KfpIrValidator.ValidateCompiledComponent(renamed), "$.components", "'comp-trainer'");
        Assert.IsEmpty(KfpIrValidator.Validate(renamed), "as a plain pipeline it is still valid");

        var notWired = (JsonObject)spec.DeepClone();
        notWired["root"]!["dag"]!["tasks"]!["train"]!["inputs"]!["parameters"]!["epochs"] = JsonNode.Parse("""{"runtimeValue":{"constant":1}}""");
        AssertSingleError(KfpIrValidator.ValidateCompiledComponent(notWired), "$.root.dag.tasks.train.inputs.parameters.epochs", "componentInputParameter");
    }
}
