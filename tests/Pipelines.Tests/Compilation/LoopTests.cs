using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipelines.Tests.Compilation;

/// <summary>A loop item whose field has an explicit JSON name.</summary>
public sealed record Grid(string Name, [property: JsonPropertyName("lr")] List<double> Rates);

/// <summary>ParallelFor → for-loop groups with parameter iterators; Collected → LIST / artifact-list outputs (docs/kfp-contract.md#control-flow).</summary>
[TestClass]
public sealed class LoopTests
{
    private const string Threshold = """{"parameters":{"threshold":{"defaultValue":2,"isOptional":true,"parameterType":"NUMBER_INTEGER"}}}""";

    /// <summary>KFP's test_data/sdk_compiled_pipelines/valid/conditional_producer_and_consumers.yaml
    /// (without its pipeline output): a condition inside a loop over [1, 2, 3], and the loop's collected
    /// outputs consumed inside a later condition.</summary>
    [TestMethod]
    public void ConditionalProducerAndConsumersMatchesTheKfpSdk()
    {
        var spec = Ir.Compile("math-pipeline", p =>
        {
            var threshold = p.Parameter<int>("threshold");
            Value<int> doubled = null!;
            p.ParallelFor([1, 2, 3], x => p.If(x >= threshold, () => doubled = FlowTasks.Double(x).Output));
            p.If(threshold == 2, () => FlowTasks.Add(p.Collected(doubled)));
        }, Threshold);

        JsonAssert.AreEqual("""
            {"dag": {
               "outputs": {"parameters": {"pipelinechannel--double-Output": {"valueFromParameter": {"outputParameterKey": "pipelinechannel--double-Output", "producerSubtask": "condition-3"}}}},
               "tasks": {"condition-3": {
                 "componentRef": {"name": "comp-condition-3"},
                 "inputs": {"parameters": {
                   "pipelinechannel--loop-item-param-1": {"componentInputParameter": "pipelinechannel--loop-item-param-1"},
                   "pipelinechannel--threshold": {"componentInputParameter": "pipelinechannel--threshold"}}},
                 "taskInfo": {"name": "condition-3"},
                 "triggerPolicy": {"condition": "int(inputs.parameter_values['pipelinechannel--loop-item-param-1']) >= int(inputs.parameter_values['pipelinechannel--threshold'])"}}}},
             "inputDefinitions": {"parameters": {
               "pipelinechannel--loop-item-param-1": {"parameterType": "NUMBER_INTEGER"},
               "pipelinechannel--threshold": {"parameterType": "NUMBER_INTEGER"}}},
             "outputDefinitions": {"parameters": {"pipelinechannel--double-Output": {"parameterType": "LIST"}}}}
            """, Ir.Component(spec, "comp-for-loop-2"));
        JsonAssert.AreEqual("""
            {"dag": {
               "outputs": {"parameters": {"pipelinechannel--double-Output": {"valueFromParameter": {"outputParameterKey": "Output", "producerSubtask": "double"}}}},
               "tasks": {"double": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-double"},
                 "inputs": {"parameters": {"num": {"componentInputParameter": "pipelinechannel--loop-item-param-1"}}}, "taskInfo": {"name": "double"}}}},
             "inputDefinitions": {"parameters": {
               "pipelinechannel--loop-item-param-1": {"parameterType": "NUMBER_INTEGER"},
               "pipelinechannel--threshold": {"parameterType": "NUMBER_INTEGER"}}},
             "outputDefinitions": {"parameters": {"pipelinechannel--double-Output": {"parameterType": "LIST"}}}}
            """, Ir.Component(spec, "comp-condition-3"));
        JsonAssert.AreEqual("""
            {"dag": {"tasks": {"add": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-add"},
               "inputs": {"parameters": {"nums": {"componentInputParameter": "pipelinechannel--for-loop-2-pipelinechannel--double-Output"}}}, "taskInfo": {"name": "add"}}}},
             "inputDefinitions": {"parameters": {
               "pipelinechannel--for-loop-2-pipelinechannel--double-Output": {"parameterType": "LIST"},
               "pipelinechannel--threshold": {"parameterType": "NUMBER_INTEGER"}}}}
            """, Ir.Component(spec, "comp-condition-4"));
        JsonAssert.AreEqual("""
            {"condition-4": {
               "componentRef": {"name": "comp-condition-4"},
               "dependentTasks": ["for-loop-2"],
               "inputs": {"parameters": {
                 "pipelinechannel--for-loop-2-pipelinechannel--double-Output": {"taskOutputParameter": {"outputParameterKey": "pipelinechannel--double-Output", "producerTask": "for-loop-2"}},
                 "pipelinechannel--threshold": {"componentInputParameter": "threshold"}}},
               "taskInfo": {"name": "condition-4"},
               "triggerPolicy": {"condition": "int(inputs.parameter_values['pipelinechannel--threshold']) == 2"}},
             "for-loop-2": {
               "componentRef": {"name": "comp-for-loop-2"},
               "inputs": {"parameters": {"pipelinechannel--threshold": {"componentInputParameter": "threshold"}}},
               "parameterIterator": {"itemInput": "pipelinechannel--loop-item-param-1", "items": {"raw": "[1, 2, 3]"}},
               "taskInfo": {"name": "for-loop-2"}}}
            """, Ir.Root(spec));
    }

    [TestMethod]
    public void RecordItemsAreStructsWhoseFieldsAreSelectedByJsonName()
    {
        var spec = Ir.Compile("records", p =>
        {
            var data = ChurnTasks.Preprocess();
            p.ParallelFor([new SweepPoint(0.1, 2), new SweepPoint(0.3, 4)], point =>
            {
                FlowTasks.Fit(data.Outputs.Dataset, point.Field(x => x.LearningRate), point.Field(x => x.Epochs));
            }, parallelism: 1, displayName: "sweep");
        });
        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-for-loop-2"},
             "dependentTasks": ["preprocess"],
             "inputs": {"artifacts": {"pipelinechannel--preprocess-dataset": {"taskOutputArtifact": {"outputArtifactKey": "dataset", "producerTask": "preprocess"}}}},
             "iteratorPolicy": {"parallelismLimit": 1},
             "parameterIterator": {"itemInput": "pipelinechannel--loop-item-param-1",
                                   "items": {"raw": "[{\"epochs\": 2, \"learning_rate\": 0.1}, {\"epochs\": 4, \"learning_rate\": 0.3}]"}},
             "taskInfo": {"name": "sweep"}}
            """, Ir.Root(spec)["for-loop-2"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"data": {"componentInputArtifact": "pipelinechannel--preprocess-dataset"}},
             "parameters": {
               "epochs": {"componentInputParameter": "pipelinechannel--loop-item-param-1", "parameterExpressionSelector": "parseJson(string_value)[\"epochs\"]"},
               "learning_rate": {"componentInputParameter": "pipelinechannel--loop-item-param-1", "parameterExpressionSelector": "parseJson(string_value)[\"learning_rate\"]"}}}
            """, Ir.Task(Ir.Tasks(spec, "comp-for-loop-2"), "fit")["inputs"]);
        JsonAssert.AreEqual("""{"parameterType": "STRUCT"}""", Ir.Component(spec, "comp-for-loop-2")["inputDefinitions"]!["parameters"]!["pipelinechannel--loop-item-param-1"]);
    }

    [TestMethod]
    public void LoopsOverAPipelineParameterOrATaskOutputIterateOverAnInputOfTheLoopTask()
    {
        var spec = Ir.Compile("dynamic", p =>
        {
            p.ParallelFor(p.Parameter<List<string>>("messages"), message => FlowTasks.Print(message));
            p.ParallelFor(FlowTasks.MakeRates(3).Output, rate => FlowTasks.Print("rate"), parallelism: 2);
        }, """{"parameters":{"messages":{"parameterType":"LIST"}}}""");

        // docs/kfp-contract.md#control-flow: input pipelinechannel--X, items.inputParameter, itemInput pipelinechannel--X-loop-item, not passed.
        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-for-loop-1"},
             "inputs": {"parameters": {"pipelinechannel--messages": {"componentInputParameter": "messages"}}},
             "parameterIterator": {"itemInput": "pipelinechannel--messages-loop-item", "items": {"inputParameter": "pipelinechannel--messages"}},
             "taskInfo": {"name": "for-loop-1"}}
            """, Ir.Root(spec)["for-loop-1"]);
        JsonAssert.AreEqual("""
            {"parameters": {"pipelinechannel--messages": {"parameterType": "LIST"}, "pipelinechannel--messages-loop-item": {"parameterType": "STRING"}}}
            """, Ir.Component(spec, "comp-for-loop-1")["inputDefinitions"]);
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--messages-loop-item"}""",
            Ir.Task(Ir.Tasks(spec, "comp-for-loop-1"), "print")["inputs"]!["parameters"]!["message"]);

        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-for-loop-2"},
             "dependentTasks": ["make-rates"],
             "inputs": {"parameters": {"pipelinechannel--make-rates-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "make-rates"}}}},
             "iteratorPolicy": {"parallelismLimit": 2},
             "parameterIterator": {"itemInput": "pipelinechannel--make-rates-Output-loop-item", "items": {"inputParameter": "pipelinechannel--make-rates-Output"}},
             "taskInfo": {"name": "for-loop-2"}}
            """, Ir.Root(spec)["for-loop-2"]);
        JsonAssert.AreEqual("""{"parameterType": "NUMBER_DOUBLE"}""", Ir.Component(spec, "comp-for-loop-2")["inputDefinitions"]!["parameters"]!["pipelinechannel--make-rates-Output-loop-item"]);
    }

    [TestMethod]
    public void NestedLoopsIterateOverTheOuterItemOrOneOfItsFields()
    {
        var spec = Ir.Compile("nested-loops", p =>
        {
            p.ParallelFor(p.Parameter<List<List<int>>>("matrix"), row =>
                p.ParallelFor(row, cell => FlowTasks.Double(cell)));
            p.ParallelFor([new Grid("a", [0.1, 0.2]), new Grid("b", [0.3])], grid =>
            {
                FlowTasks.Print(grid.Field(g => g.Name));
                p.ParallelFor(grid.Field(g => g.Rates), rate => FlowTasks.Print(grid.Field(g => g.Name)));
            });
        }, """{"parameters":{"matrix":{"parameterType":"LIST"}}}""");

        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-for-loop-2"},
             "inputs": {"parameters": {"pipelinechannel--matrix-loop-item": {"componentInputParameter": "pipelinechannel--matrix-loop-item"}}},
             "parameterIterator": {"itemInput": "pipelinechannel--matrix-loop-item-loop-item", "items": {"inputParameter": "pipelinechannel--matrix-loop-item"}},
             "taskInfo": {"name": "for-loop-2"}}
            """, Ir.Task(Ir.Tasks(spec, "comp-for-loop-1"), "for-loop-2"));
        JsonAssert.AreEqual("""{"parameters": {"pipelinechannel--matrix-loop-item": {"parameterType": "LIST"}, "pipelinechannel--matrix-loop-item-loop-item": {"parameterType": "NUMBER_INTEGER"}}}""",
            Ir.Component(spec, "comp-for-loop-2")["inputDefinitions"]);

        // A loop over a field of the outer item: the inner loop task selects the field (as the SDK does for item.subvar).
        var inner = Ir.Task(Ir.Tasks(spec, "comp-for-loop-4"), "for-loop-5");
        JsonAssert.AreEqual("""
            {"pipelinechannel--loop-item-param-3-subvar-lr": {"componentInputParameter": "pipelinechannel--loop-item-param-3", "parameterExpressionSelector": "parseJson(string_value)[\"lr\"]"},
             "pipelinechannel--loop-item-param-3-subvar-name": {"componentInputParameter": "pipelinechannel--loop-item-param-3", "parameterExpressionSelector": "parseJson(string_value)[\"name\"]"}}
            """, inner["inputs"]!["parameters"]);
        JsonAssert.AreEqual("""{"itemInput": "pipelinechannel--loop-item-param-3-subvar-lr-loop-item", "items": {"inputParameter": "pipelinechannel--loop-item-param-3-subvar-lr"}}""",
            inner["parameterIterator"]);
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--loop-item-param-3-subvar-name"}""",
            Ir.Task(Ir.Tasks(spec, "comp-for-loop-5"), "print-2")["inputs"]!["parameters"]!["message"]);
        JsonAssert.AreEqual("""
            {"pipelinechannel--loop-item-param-3-subvar-lr": {"parameterType": "LIST"},
             "pipelinechannel--loop-item-param-3-subvar-lr-loop-item": {"parameterType": "NUMBER_DOUBLE"},
             "pipelinechannel--loop-item-param-3-subvar-name": {"parameterType": "STRING"}}
            """, Ir.Component(spec, "comp-for-loop-5")["inputDefinitions"]!["parameters"]);
    }

    [TestMethod]
    public void CollectedFromNestedLoopsIsAListOutputOfEveryLoopLevel()
    {
        var spec = Ir.Compile("collect-nested", p =>
        {
            var data = ChurnTasks.Preprocess();
            Value<double> accuracy = null!;
            p.ParallelFor([1, 2], epochs =>
                p.ParallelFor([0.1, 0.2], rate => accuracy = FlowTasks.Fit(data.Outputs.Dataset, rate, epochs).Output));
            FlowTasks.PickBest(p.Collected(accuracy));
        });
        JsonAssert.AreEqual("""{"parameters": {"pipelinechannel--fit-Output": {"valueFromParameter": {"outputParameterKey": "Output", "producerSubtask": "fit"}}}}""",
            Ir.Component(spec, "comp-for-loop-4")["dag"]!["outputs"]);
        JsonAssert.AreEqual("""{"parameters": {"pipelinechannel--fit-Output": {"valueFromParameter": {"outputParameterKey": "pipelinechannel--fit-Output", "producerSubtask": "for-loop-4"}}}}""",
            Ir.Component(spec, "comp-for-loop-2")["dag"]!["outputs"]);
        foreach (var loop in new[] { "comp-for-loop-2", "comp-for-loop-4" })
            JsonAssert.AreEqual("""{"parameters": {"pipelinechannel--fit-Output": {"parameterType": "LIST"}}}""", Ir.Component(spec, loop)["outputDefinitions"]);
        JsonAssert.AreEqual("""{"parameters": {"accuracies": {"taskOutputParameter": {"outputParameterKey": "pipelinechannel--fit-Output", "producerTask": "for-loop-2"}}}}""",
            Ir.Root(spec)["pick-best"]!["inputs"]);
        JsonAssert.AreEqual("""["for-loop-2"]""", Ir.Root(spec)["pick-best"]!["dependentTasks"]);
        // The item of the outer loop reaches the inner loop's task through the inner loop's inputs.
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--loop-item-param-1"}""",
            Ir.Task(Ir.Tasks(spec, "comp-for-loop-2"), "for-loop-4")["inputs"]!["parameters"]!["pipelinechannel--loop-item-param-1"]);
    }

    [TestMethod]
    public void CollectedArtifactsAreArtifactListsForAnInputListParameter()
    {
        var spec = Ir.Compile("collect-models", p =>
        {
            var data = ChurnTasks.Preprocess();
            ArtifactRef<Model> model = null!;
            p.ParallelFor([0.1, 0.2, 0.3], rate => model = FlowTasks.Fit(data.Outputs.Dataset, rate).Outputs.Model);
            FlowTasks.Ensemble(p.Collected(model));
        });
        JsonAssert.AreEqual("""{"artifacts": {"pipelinechannel--fit-model": {"artifactSelectors": [{"outputArtifactKey": "model", "producerSubtask": "fit"}]}}}""",
            Ir.Component(spec, "comp-for-loop-2")["dag"]!["outputs"]);
        JsonAssert.AreEqual("""{"artifacts": {"pipelinechannel--fit-model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}, "isArtifactList": true}}}""",
            Ir.Component(spec, "comp-for-loop-2")["outputDefinitions"]);
        JsonAssert.AreEqual("""{"artifacts": {"models": {"taskOutputArtifact": {"outputArtifactKey": "pipelinechannel--fit-model", "producerTask": "for-loop-2"}}}}""",
            Ir.Root(spec)["ensemble"]!["inputs"]);
    }

    [TestMethod]
    public void AfterATaskInsideALoopWaitsForTheWholeLoop()
    {
        // KFP's parallel_for_after_dependency.yaml: .after(task in loop) depends on the loop group.
        var spec = Ir.Compile("after-loop", p =>
        {
            PipelineTask inner = null!;
            p.ParallelFor([1, 2, 3], _ => inner = FlowTasks.Print("foo"));
            FlowTasks.Print("bar").After(inner);
        });
        JsonAssert.AreEqual("""["for-loop-2"]""", Ir.Root(spec)["print-2"]!["dependentTasks"]);
    }

    [TestMethod]
    public void AConstantListPassedAsAValueIsARawList()
    {
        var spec = Ir.Compile("constant-value", p => p.ParallelFor((Value<List<int>>)new List<int> { 4, 5 }, n => FlowTasks.Double(n)));
        JsonAssert.AreEqual("""{"itemInput": "pipelinechannel--loop-item-param-1", "items": {"raw": "[4, 5]"}}""", Ir.Root(spec)["for-loop-2"]!["parameterIterator"]);
    }

    [TestMethod]
    public void RawItemsAreWrittenAsPythonsJsonDumps()
    {
        // json.dumps(items, sort_keys=True): ", " and ": " separators, floats with a fraction, non-ASCII escaped.
        var spec = Ir.Compile("raw", p =>
        {
            p.ParallelFor([0.5, 1.0, 2e-5], rate => FlowTasks.Print("x"));
            p.ParallelFor(["café", "a\"b"], text => FlowTasks.Print(text));
            p.ParallelFor([new Dictionary<string, int> { ["z"] = 1, ["a"] = 2 }], item => FlowTasks.Double(item.Field(d => d["a"])));
        });
        Assert.AreEqual("[0.5, 1.0, 2e-05]", Ir.Root(spec)["for-loop-2"]!["parameterIterator"]!["items"]!["raw"]!.GetValue<string>());
        Assert.AreEqual("[\"caf\\u00e9\", \"a\\\"b\"]", Ir.Root(spec)["for-loop-4"]!["parameterIterator"]!["items"]!["raw"]!.GetValue<string>());
        Assert.AreEqual("[{\"a\": 2, \"z\": 1}]", Ir.Root(spec)["for-loop-6"]!["parameterIterator"]!["items"]!["raw"]!.GetValue<string>());
    }

    // ---- invalid constructs ----

    [TestMethod]
    public void AValueFromInsideALoopNeedsCollected()
    {
        var e = Ir.Fails("no-collected", p =>
        {
            Value<int> doubled = null!;
            p.ParallelFor([1, 2, 3], x => doubled = FlowTasks.Double(x).Output);
            FlowTasks.Double(doubled);
        });
        Assert.AreEqual(PipelineErrors.ValueOutOfScope, e.Code);
        Assert.Contains("output 'Output' of task 'double', which is produced inside ParallelFor 'for-loop-2'", e.Message);
        Assert.Contains("p.Collected", e.Message);
        StringAssert.Contains(e.SourceLocation, "LoopTests.cs:");
    }

    [TestMethod]
    public void CollectedInsideTheProducingLoopOrOfANonTaskValueIsRejected()
    {
        var inside = Ir.Fails("collected-inside", p => p.ParallelFor([1, 2], x =>
        {
            var doubled = FlowTasks.Double(x);
            FlowTasks.Add(p.Collected(doubled.Output));
        }));
        Assert.AreEqual(PipelineErrors.InvalidCollected, inside.Code);
        Assert.Contains("inside the same ParallelFor", inside.Message);

        var parameter = Ir.Fails("collected-param", p => FlowTasks.Add(p.Collected(p.Parameter<int>("threshold"))), Threshold);
        Assert.AreEqual(PipelineErrors.InvalidCollected, parameter.Code);

        var condition = Ir.Fails("collected-condition", p =>
        {
            Value<int> doubled = null!;
            p.If(p.Parameter<int>("threshold") > 1, () => doubled = FlowTasks.Double(1).Output);
            FlowTasks.Add(p.Collected(doubled));
        }, Threshold);
        Assert.AreEqual(PipelineErrors.InvalidCollected, condition.Code);
        Assert.Contains("leaves If 'condition-1', not a ParallelFor", condition.Message);
    }

    [TestMethod]
    public void ALoopOverANonListIsRejected()
    {
        // The C# types say List, the pipeline declares a STRING: a hand-written or stale registration.
        var e = Ir.Fails("not-a-list", p => p.ParallelFor(p.Parameter<List<string>>("items"), item => FlowTasks.Print(item)),
            """{"parameters":{"items":{"parameterType":"STRING"}}}""");
        Assert.AreEqual(PipelineErrors.InvalidLoop, e.Code);
        Assert.Contains("which KFP types as STRING, not LIST", e.Message);
        StringAssert.Contains(e.SourceLocation, "LoopTests.cs:");

        var negative = Ir.Fails("negative", p => p.ParallelFor([1], x => FlowTasks.Double(x), parallelism: -1));
        Assert.AreEqual(PipelineErrors.InvalidLoop, negative.Code);

        var empty = Ir.Fails("empty", p => p.ParallelFor([1], _ => { }));
        Assert.AreEqual(PipelineErrors.InvalidLoop, empty.Code);
    }

    [TestMethod]
    public void ALoopOverItemsKfpCannotCarryIsRejected()
    {
        // The generator's type rules (shared source) decide: char, object and the like are not parameters.
        var chars = Ir.Fails("chars", p => p.ParallelFor(['a', 'b'], c => FlowTasks.Print("x")));
        Assert.AreEqual(PipelineErrors.InvalidLoop, chars.Code);
        Assert.Contains("ParallelFor over items of type 'System.Char', which KFP cannot carry as a parameter", chars.Message);
        StringAssert.Contains(chars.SourceLocation, "LoopTests.cs:");

        var field = Ir.Fails("object-field", p => p.ParallelFor([new Holder(1)], h => FlowTasks.Print(h.Field(x => x.Value).Equals(null) ? "a" : "b")));
        Assert.AreEqual(PipelineErrors.InvalidLoop, field.Code);
        Assert.Contains("loop item field 'value' has type 'System.Object', which KFP cannot carry", field.Message);
    }

    /// <summary>A record whose one field KFP cannot carry.</summary>
    public sealed record Holder(object Value);

    [TestMethod]
    public void ALoopItemUsedOutsideItsLoopIsRejected()
    {
        var e = Ir.Fails("item-leak", p =>
        {
            Value<int> item = null!;
            p.ParallelFor([1, 2], x => { item = x; FlowTasks.Double(x); });
            FlowTasks.Double(item);
        });
        Assert.AreEqual(PipelineErrors.ValueOutOfScope, e.Code);
        Assert.Contains("uses the item of loop 'for-loop-2' outside that ParallelFor", e.Message);
    }

    [TestMethod]
    public void LoopItemFieldSelectorsMustPickOneField()
    {
        var spec = Ir.Compile("dictionary-items", p =>
            p.ParallelFor([new Dictionary<string, int> { ["num"] = 1 }], item => FlowTasks.Double(item.Field(d => d["num"]))));
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--loop-item-param-1", "parameterExpressionSelector": "parseJson(string_value)[\"num\"]"}""",
            Ir.Task(Ir.Tasks(spec, "comp-for-loop-2"), "double")["inputs"]!["parameters"]!["num"]);

        var e = Assert.ThrowsExactly<ArgumentException>(() => Ir.Compile("bad-selector", p =>
            p.ParallelFor([new SweepPoint(0.1, 1)], item => FlowTasks.Double(item.Field(x => x.Epochs + 1)))));
        Assert.Contains("does not select one field of the loop item", e.Message);
    }
}
