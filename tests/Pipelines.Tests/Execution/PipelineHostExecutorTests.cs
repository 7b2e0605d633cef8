using System.Text.Json.Nodes;

namespace Pipelines.Tests.Execution;

/// <summary>The launcher contract (docs/kfp-contract.md#the-entry-point): <c>--executor_input &lt;json&gt; --function_to_execute &lt;name&gt;</c>.</summary>
[TestClass]
public sealed class PipelineHostExecutorTests
{
    private static void AssertSucceeded(HostResult result)
    {
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("", result.Stderr);
    }

    private static void AssertFailed(HostResult result, string stderrPrefix)
    {
        Assert.IsTrue(result.ExitCode is 1 or 2, $"exit code {result.ExitCode}");
        Assert.StartsWith(stderrPrefix, result.Stderr);
    }

    [TestMethod]
    public async Task Clean_WritesTheDatasetTheParameterFileAndTheExecutorOutput()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        input.InputArtifactFile("raw", "1,\n,2\n3,4\n", new JsonObject { ["rows"] = 3 });
        var cleaned = input.OutputArtifact("cleaned", "system.Dataset");
        var outputFile = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("clean", input);

        AssertSucceeded(result);
        Assert.AreEqual("1,0\n0,2\n3,4\n", File.ReadAllText(cleaned).ReplaceLineEndings("\n"));
        Assert.AreEqual("2", File.ReadAllText(outputFile));
        JsonAssert.AreEqual(new JsonObject
        {
            ["artifacts"] = new JsonObject
            {
                ["cleaned"] = new JsonObject
                {
                    ["artifacts"] = new JsonArray(new JsonObject { ["name"] = "cleaned", ["uri"] = cleaned, ["metadata"] = new JsonObject { ["rows"] = 3 } }),
                },
            },
            ["parameterValues"] = new JsonObject { ["Output"] = 2 },
        }, JsonAssert.ReadFile(input.OutputFile));
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(input.ExecutorLogsUri)), "the undeclared executor-logs output is left alone");
    }

    [TestMethod]
    public async Task Clean_UsesTheSuppliedFillValue()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).ParameterJson("fill_value", "1.5");
        input.InputArtifactFile("raw", "1,\n,2\n");
        var cleaned = input.OutputArtifact("cleaned", "system.Dataset");
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("clean", input));

        Assert.AreEqual("1,1.5\n1.5,2\n", File.ReadAllText(cleaned).ReplaceLineEndings("\n"));
        Assert.AreEqual("2", File.ReadAllText(outputFile));
    }

    [TestMethod]
    public async Task Describe_ReadsEveryScalarKindAndIgnoresUnknownParameterValues()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .Parameter("text", "a b, \"c\"")
            .Parameter("flag", true)
            .ParameterJson("count", "5.0")
            .ParameterJson("big", "5000000000")
            .ParameterJson("ratio", "0.25")
            .ParameterJson("scale", "1.5")
            .Parameter("color", "Green")
            .ParameterJson("limit", "7")
            .Parameter("pipelinechannel--upstream-Output", "x")
            .Parameter("cpu_limit", "2");
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("describe", input));

        const string expected = "text=a b, \"c\"|flag=True|count=5|big=5000000000|ratio=0.25|scale=1.5|color=Green|limit=7|note=none";
        Assert.AreEqual(expected, File.ReadAllText(outputFile), "STRING outputs are written raw, not as JSON");
        JsonAssert.AreEqual(new JsonObject { ["artifacts"] = new JsonObject(), ["parameterValues"] = new JsonObject { ["Output"] = expected } },
            JsonAssert.ReadFile(input.OutputFile));
    }

    [TestMethod]
    public async Task Describe_TreatsAbsentAndNullOptionalInputsAsNull()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .Parameter("text", "")
            .Parameter("flag", false)
            .ParameterJson("count", "-3")
            .ParameterJson("big", "-1")
            .ParameterJson("ratio", "1e-3")
            .ParameterJson("scale", "2")
            .Parameter("color", "red")
            .Parameter("limit", null);
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("describe", input));

        Assert.AreEqual("text=|flag=False|count=-3|big=-1|ratio=0.001|scale=2|color=Red|limit=none|note=none", File.ReadAllText(outputFile));
    }

    [TestMethod]
    public async Task Configure_ReadsListDictionaryAndRecordAndWritesTheStructAsSnakeCaseJson()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .ParameterJson("features", """["x", "y"]""")
            .ParameterJson("weights", """{"a": 1, "b": 2.0}""")
            .ParameterJson("base_config", """{"learning_rate": 0.1, "layers": 2, "features": ["f"], "palette": "Red", "unknown": true}""");
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("configure", input));

        const string expected = """{"learning_rate":0.1,"layers":5,"features":["f","x","y"],"palette":"Red"}""";
        JsonAssert.AreEqual(expected, JsonNode.Parse(File.ReadAllText(outputFile)));
        Assert.DoesNotContain(" ", File.ReadAllText(outputFile), "compact JSON");
        JsonAssert.AreEqual(JsonNode.Parse(expected), JsonAssert.ReadFile(input.OutputFile)["parameterValues"]!["Output"]);
    }

    [TestMethod]
    public async Task Configure_AcceptsListAndStructGivenAsJsonText()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .Parameter("features", """["x"]""")
            .Parameter("weights", """{"a": 4}""")
            .Parameter("base_config", """{"learning_rate": 0.5, "layers": 1, "features": [], "palette": "Blue"}""");
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("configure", input));

        JsonAssert.AreEqual("""{"learning_rate":0.5,"layers":5,"features":["x"],"palette":"Blue"}""", JsonNode.Parse(File.ReadAllText(outputFile)));
    }

    [TestMethod]
    public async Task SummarizeValues_WritesEveryTupleOutputWithTheLaunchersTextRules()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).ParameterJson("values", "[1, 2, 3, 4]");
        string[] names = ["best", "count", "histogram", "label", "mean", "ok", "ratio", "tags", "total"];
        var files = names.ToDictionary(n => n, input.OutputParameter);

        // KFP passes the Python-style name; the host matches it to the kebab-case component.
        AssertSucceeded(await Host.RunAsync("--executor_input", input.Build(), "--function_to_execute", "summarize_values"));

        Assert.AreEqual("Blue", File.ReadAllText(files["best"]));
        Assert.AreEqual("4", File.ReadAllText(files["count"]));
        JsonAssert.AreEqual("""{"odd":2,"even":2}""", JsonNode.Parse(File.ReadAllText(files["histogram"])));
        Assert.AreEqual("4 values", File.ReadAllText(files["label"]));
        Assert.AreEqual("2.5", File.ReadAllText(files["mean"]));
        Assert.AreEqual("true", File.ReadAllText(files["ok"]));
        Assert.AreEqual("0.5", File.ReadAllText(files["ratio"]));
        Assert.AreEqual("""["odd","even"]""", File.ReadAllText(files["tags"]));
        Assert.AreEqual("10", File.ReadAllText(files["total"]));
        JsonAssert.AreEqual("""
            {"best":"Blue","count":4,"histogram":{"odd":2,"even":2},"label":"4 values","mean":2.5,"ok":true,"ratio":0.5,"tags":["odd","even"],"total":10}
            """, JsonAssert.ReadFile(input.OutputFile)["parameterValues"]);
    }

    [TestMethod]
    public async Task AcceptsIntegersWrittenAsDoublesInsideListsAndStructs()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .ParameterJson("features", "[]")
            .ParameterJson("weights", """{"a": 1.0, "b": 2.0}""")
            .ParameterJson("base_config", """{"learning_rate": 1.0, "layers": 2.0, "features": [], "palette": "Red"}""");
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("configure", input));

        JsonAssert.AreEqual("""{"learning_rate":1,"layers":5,"features":[],"palette":"Red"}""", JsonNode.Parse(File.ReadAllText(outputFile)));
    }

    [TestMethod]
    public async Task Score_RunsAnAsyncComponentAndReportsMetricsArtifactMetadata()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        input.InputArtifactFile("model", "weights", new JsonObject { ["version"] = 3 });
        input.InputArtifactFile("test_data", "1,0.9\n0,0.2\n1,0.4\n0,0.1\n");
        var metrics = input.OutputArtifact("metrics", "system.Metrics");
        var classification = input.OutputArtifact("classification", "system.ClassificationMetrics");
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("score", input));

        Assert.AreEqual("0.75", File.ReadAllText(outputFile));
        JsonAssert.AreEqual($$"""
            {
              "artifacts": {
                "classification": {"artifacts": [{"name": "classification", "uri": {{JsonValue.Create(classification).ToJsonString()}}, "metadata": {
                  "confusionMatrix": {
                    "annotationSpecs": [{"displayName": "0"}, {"displayName": "1"}],
                    "rows": [{"row": [2, 0]}, {"row": [1, 1]}]
                  },
                  "confidenceMetrics": [
                    {"confidenceThreshold": 1.0, "falsePositiveRate": 0.0, "recall": 0.0},
                    {"confidenceThreshold": 0.5, "falsePositiveRate": 0.5, "recall": 0.75},
                    {"confidenceThreshold": 0.0, "falsePositiveRate": 1.0, "recall": 1.0}
                  ]} }]},
                "metrics": {"artifacts": [{"name": "metrics", "uri": {{JsonValue.Create(metrics).ToJsonString()}}, "metadata": {"accuracy": 0.75, "rows": 4, "model_version": 3} }]}
              },
              "parameterValues": {"Output": 0.75}
            }
            """, JsonAssert.ReadFile(input.OutputFile));
    }

    [TestMethod]
    public async Task Train_CreatesTheParentFoldersOfNestedOutputsAndAcceptsIntegersWrittenAsDoubles()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).ParameterJson("epochs", "3.0");
        input.InputArtifactFile("dataset", "label,score\n1,0.9\n0,0.2\n");
        var model = input.OutputArtifact("model", "system.Model");
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(model)));
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(input.OutputFile)));

        AssertSucceeded(await Host.ExecuteAsync("train", input));

        Assert.AreEqual("epochs=3;rows=2", File.ReadAllText(model));
        JsonAssert.AreEqual($$"""
            {"artifacts": {"model": {"artifacts": [{"name": "model", "uri": {{JsonValue.Create(model).ToJsonString()}}, "metadata": {"epochs": 3, "framework": "ml.net"} }]} },
             "parameterValues": {} }
            """, JsonAssert.ReadFile(input.OutputFile));
    }

    [TestMethod]
    public async Task AcceptsTheEqualsFormAndIgnoresUnknownFlagsAndArguments()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        input.InputArtifactFile("raw", ",\n");
        input.OutputArtifact("cleaned", "system.Dataset");
        var outputFile = input.OutputParameter("Output");

        var result = await Host.RunAsync("--verbose", "--executor_input=" + input.Build(), "stray", "--pipeline_root", "minio://mlpipeline",
            "--function_to_execute=clean", "--enable_caching");

        AssertSucceeded(result);
        Assert.AreEqual("2", File.ReadAllText(outputFile));
    }

    [TestMethod]
    public async Task WritesParameterFilesWhenTheExecutorInputHasNoOutputFile()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path) { WriteOutputFile = false }.Parameter("message", "hi");
        input.InputArtifactFile("raw", "1\n");
        input.OutputArtifact("cleaned", "system.Dataset");
        var outputFile = input.OutputParameter("Output");

        AssertSucceeded(await Host.ExecuteAsync("clean", input));

        Assert.AreEqual("0", File.ReadAllText(outputFile));
        Assert.IsFalse(File.Exists(input.OutputFile));
    }

    [TestMethod]
    public async Task InputArtifactsUseKfpsUriToPathMappingAndKeepTheMlmdName()
    {
        using var dir = new TempDir();
        const string uri = "minio://mlpipeline/v2/artifacts/churn-training/6f1c/preprocess/9b7e/dataset";
        var cases = new (JsonObject? Metadata, string? CustomPath, string ExpectedPath)[]
        {
            (null, null, "/minio/mlpipeline/v2/artifacts/churn-training/6f1c/preprocess/9b7e/dataset"),
            (new JsonObject { ["_kfp_workspace"] = true }, null, "/kfp-workspace/.artifacts/minio/mlpipeline/v2/artifacts/churn-training/6f1c/preprocess/9b7e/dataset"),
            (new JsonObject { ["_kfp_workspace"] = false }, null, "/minio/mlpipeline/v2/artifacts/churn-training/6f1c/preprocess/9b7e/dataset"),
            (null, "/data/custom/dataset", "/data/custom/dataset"),
        };
        foreach (var (metadata, customPath, expectedPath) in cases)
        {
            var input = new ExecutorInputBuilder(dir.Path).InputArtifact("item", uri, metadata, customPath);
            var outputFile = input.OutputParameter("Output");

            AssertSucceeded(await Host.ExecuteAsync("inspect", input));

            Assert.AreEqual($"{expectedPath}|1042|{uri}", File.ReadAllText(outputFile));
        }
    }

    [TestMethod]
    public async Task ListPrintsComponentsAndPipelines()
    {
        var pipeline = new PipelineRegistration("p", null, null, "{}", _ => { });
        var result = await Host.RunAsync([pipeline], "--list");
        Assert.AreEqual(0, result.ExitCode);
        StringAssert.Contains(result.Stdout, "component clean");
        StringAssert.Contains(result.Stdout, "component summarize-values");
        StringAssert.Contains(result.Stdout, "pipeline p");
    }

    // ---- failures: non-zero exit, "error PIPE2xxx: component '<name>': ..." on stderr ----

    [TestMethod]
    public async Task NoArgumentsPrintsUsage()
    {
        var result = await Host.RunAsync();
        Assert.AreEqual(PipelineHost.Usage, result.ExitCode);
        StringAssert.Contains(result.Stderr, "--executor_input");
    }

    [TestMethod]
    public async Task MissingFunctionToExecuteFails()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        var result = await Host.RunAsync("--executor_input", input.Build());
        AssertFailed(result, "error PIPE2001: ");
        StringAssert.Contains(result.Stderr, "--function_to_execute");
        Assert.IsFalse(File.Exists(input.OutputFile));
    }

    [TestMethod]
    public async Task MissingExecutorInputFails()
    {
        var result = await Host.RunAsync("--function_to_execute", "clean");
        AssertFailed(result, "error PIPE2001: component 'clean': --executor_input");
    }

    [TestMethod]
    public async Task UnknownComponentFailsAndListsTheKnownOnes()
    {
        using var dir = new TempDir();
        var result = await Host.ExecuteAsync("cleanse", new ExecutorInputBuilder(dir.Path));
        AssertFailed(result, "error PIPE2002: ");
        StringAssert.Contains(result.Stderr, "'cleanse'");
        StringAssert.Contains(result.Stderr, "it has: " + string.Join(", ", TestRegistrations.Components.Select(c => c.Component.Name)));
        StringAssert.Contains(result.Stderr, "clean");
    }

    [TestMethod]
    [DataRow("{\"inputs\": ")]
    [DataRow("[]")]
    [DataRow("not json")]
    public async Task InvalidExecutorInputFails(string json)
    {
        var result = await Host.RunAsync("--executor_input", json, "--function_to_execute", "clean");
        AssertFailed(result, "error PIPE2003: component 'clean': ");
    }

    [TestMethod]
    public async Task MissingRequiredParameterFailsNamingComponentAndInput()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .Parameter("text", "t").Parameter("flag", true).Parameter("big", 1).Parameter("ratio", 1.0).Parameter("scale", 1.0).Parameter("color", "Red");
        input.OutputParameter("Output");
        var result = await Host.ExecuteAsync("describe", input);
        AssertFailed(result, "error PIPE2004: component 'describe': input parameter 'count'");
        Assert.IsFalse(File.Exists(input.OutputFile));
    }

    [TestMethod]
    public async Task MissingRequiredArtifactFailsNamingComponentAndInput()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        input.OutputArtifact("cleaned", "system.Dataset");
        input.OutputParameter("Output");
        var result = await Host.ExecuteAsync("clean", input);
        AssertFailed(result, "error PIPE2004: component 'clean': input artifact 'raw'");
    }

    [TestMethod]
    public async Task MissingOutputArtifactFailsNamingIt()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        input.InputArtifactFile("raw", "1\n");
        input.OutputParameter("Output");
        var result = await Host.ExecuteAsync("clean", input);
        AssertFailed(result, "error PIPE2004: component 'clean': output artifact 'cleaned'");
    }

    [TestMethod]
    [DataRow("count", "\"many\"", "expected an integer")]
    [DataRow("count", "2.5", "expected an integer")]
    [DataRow("count", "3000000000", "out of range")]
    [DataRow("flag", "\"maybe\"", "expected a boolean")]
    [DataRow("ratio", "\"fast\"", "expected a number")]
    [DataRow("ratio", "[1]", "expected a number")]
    [DataRow("color", "\"Purple\"", "Red, Green, Blue")]
    public async Task WrongParameterTypeFailsNamingComponentAndInput(string name, string json, string reason)
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .Parameter("text", "t").Parameter("flag", true).Parameter("count", 1).Parameter("big", 1).Parameter("ratio", 1.0)
            .Parameter("scale", 1.0).Parameter("color", "Red")
            .ParameterJson(name, json);
        input.OutputParameter("Output");
        var result = await Host.ExecuteAsync("describe", input);
        AssertFailed(result, $"error PIPE2005: component 'describe': input parameter '{name}': ");
        StringAssert.Contains(result.Stderr, reason);
    }

    [TestMethod]
    [DataRow("base_config", "\"{not json\"")]
    [DataRow("base_config", "[1, 2]")]
    [DataRow("features", "{\"a\": 1}")]
    [DataRow("weights", "{\"a\": \"x\"}")]
    public async Task MalformedListOrStructFailsNamingTheInput(string name, string json)
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .ParameterJson("features", "[]").ParameterJson("weights", "{}")
            .ParameterJson("base_config", """{"learning_rate": 0.1, "layers": 1, "features": [], "palette": "Red"}""")
            .ParameterJson(name, json);
        input.OutputParameter("Output");
        var result = await Host.ExecuteAsync("configure", input);
        AssertFailed(result, $"error PIPE2005: component 'configure': input parameter '{name}': ");
    }

    [TestMethod]
    public async Task AThrowingComponentFailsWithItsException()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("message", "kaboom");
        var outputFile = input.OutputParameter("Output");
        var result = await Host.ExecuteAsync("explode", input);
        AssertFailed(result, "error PIPE2006: component 'explode' failed: ");
        StringAssert.Contains(result.Stderr, "InvalidOperationException");
        StringAssert.Contains(result.Stderr, "kaboom");
        Assert.IsFalse(File.Exists(outputFile));
        Assert.IsFalse(File.Exists(input.OutputFile));
    }

    [TestMethod]
    public async Task AnOutputThatIsNotSetFails()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        var outputFile = input.OutputParameter("Output");
        var result = await Host.ExecuteAsync("forgetful", input);
        AssertFailed(result, "error PIPE2007: component 'forgetful': output parameter 'Output' was not set");
        Assert.IsFalse(File.Exists(outputFile));
        Assert.IsFalse(File.Exists(input.OutputFile));
    }
}
