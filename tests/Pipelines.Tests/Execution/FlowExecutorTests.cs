using System.Text.Json.Nodes;

namespace Pipelines.Tests.Execution;

/// <summary>The executor side of the new constructs: a TASK_FINAL_STATUS input read as the STRUCT the
/// driver passes, and an artifact-list input (<c>isArtifactList</c>) from Collected.</summary>
[TestClass]
public sealed class FlowExecutorTests
{
    [TestMethod]
    public async Task AnExitTaskReadsTheFinalStatusStruct()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).ParameterJson("status", """
            {"state": "FAILED", "pipelineJobResourceName": "projects/p/locations/l/pipelineJobs/run-1",
             "pipelineTaskName": "exit-handler-1", "error": {"code": 9, "message": "fit failed"}}
            """);
        var output = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("notify", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("#ml: exit-handler-1 FAILED: fit failed", File.ReadAllText(output));
    }

    [TestMethod]
    public void TheFinalStatusReaderAcceptsTheKfpShapesAndRoundTrips()
    {
        var camel = (PipelineTaskFinalStatus)ParameterReader.Read(JsonDocumentOf("""
            {"state": "SUCCEEDED", "pipelineJobResourceName": "run", "pipelineTaskName": "exit-handler-2", "error": {}}
            """), typeof(PipelineTaskFinalStatus))!;
        Assert.AreEqual(new PipelineTaskFinalStatus("SUCCEEDED", "run", "exit-handler-2"), camel);
        Assert.IsTrue(camel.Succeeded);

        var snake = (PipelineTaskFinalStatus)ParameterReader.Read(JsonDocumentOf("""
            {"state": "COMPLETE", "pipeline_job_resource_name": "run", "pipeline_task_name": "t", "error_code": 2, "error_message": "x"}
            """), typeof(PipelineTaskFinalStatus))!;
        Assert.AreEqual(new PipelineTaskFinalStatus("COMPLETE", "run", "t", 2, "x"), snake);
        Assert.IsTrue(snake.Succeeded, "the OSS backend reports COMPLETE for success");

        // As text (older launchers pass STRUCT values as JSON strings).
        var text = (PipelineTaskFinalStatus)ParameterReader.Read(JsonDocumentOf("\"{\\\"state\\\": \\\"CANCELLED\\\"}\""), typeof(PipelineTaskFinalStatus))!;
        Assert.AreEqual("CANCELLED", text.State);
        Assert.IsFalse(text.Succeeded);

        var written = KfpJson.ToNode(new PipelineTaskFinalStatus("FAILED", "run", "t", 13, "boom"));
        JsonAssert.AreEqual("""{"state": "FAILED", "pipelineJobResourceName": "run", "pipelineTaskName": "t", "error": {"code": 13, "message": "boom"}}""", written);

        Assert.ThrowsExactly<FormatException>(() => ParameterReader.Read(JsonDocumentOf("""{"pipelineTaskName": "t"}"""), typeof(PipelineTaskFinalStatus)));
    }

    [TestMethod]
    public async Task AnArtifactListInputGetsEveryArtifact()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        var first = input.InputArtifactFile("one", "m1");
        var second = input.InputArtifactFile("two", "m2");
        var json = input.ToJson();
        var artifacts = json["inputs"]!["artifacts"]!.AsObject();
        var list = new JsonArray(artifacts["one"]!["artifacts"]![0]!.DeepClone(), artifacts["two"]!["artifacts"]![0]!.DeepClone());
        artifacts.Clear();
        artifacts["models"] = new JsonObject { ["artifacts"] = list };
        var ensemble = input.OutputArtifact("ensemble", "system.Model");
        json["outputs"]!["artifacts"]!["ensemble"] = input.ToJson()["outputs"]!["artifacts"]!["ensemble"]!.DeepClone();

        var result = await Host.RunAsync("--executor_input", json.ToJsonString(), "--function_to_execute", "ensemble");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual($"{first}\n{second}", File.ReadAllText(ensemble));
    }

    [TestMethod]
    public void InputListsWrapLocalFilesForUnitTests()
    {
        var list = new InputList<Model>("a.zip", "b.zip");
        Assert.HasCount(2, list);
        Assert.AreEqual(Path.GetFullPath("b.zip"), list[1].Path);
        Assert.AreSequenceEqual([Path.GetFullPath("a.zip"), Path.GetFullPath("b.zip")], list.Select(i => i.Path).ToList());
    }

    private static System.Text.Json.JsonElement JsonDocumentOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement;
}
