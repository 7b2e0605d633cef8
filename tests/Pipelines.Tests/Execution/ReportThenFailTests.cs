namespace Pipelines.Tests.Execution;

/// <summary>
/// Publishing a report and failing. KFP's launcher (<c>launcher_v2.go</c>, <c>executeV2</c>) returns as soon as the
/// command exits non-zero: it collects no output parameters, uploads no artifacts and records the execution FAILED.
/// The entry point matches that: a failed component writes no executor output. The pattern that publishes the
/// report is two tasks: the check succeeds with the report and a verdict, and a task in a condition fails the run.
/// </summary>
[TestClass]
public sealed class ReportThenFailTests
{
    [TestMethod]
    public async Task AComponentThatThrowsAfterWritingItsReportPublishesNothing()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("rows", 3);
        var report = input.OutputArtifact("report", "system.Markdown");

        var result = await Host.ExecuteAsync("check-and-throw", input);

        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        StringAssert.StartsWith(result.Stderr, "error PIPE2006: component 'check-and-throw' failed: ");
        StringAssert.Contains(result.Stderr, "only 3 rows");
        Assert.IsTrue(File.Exists(report), "the file is on the task's disk ...");
        Assert.IsFalse(File.Exists(input.OutputFile), "... but no executor output: KFP's launcher would upload nothing of a failed task anyway");
    }

    [TestMethod]
    public async Task TheCheckPublishesItsReportAndVerdictAndTheGateTaskFails()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("rows", 3);
        var report = input.OutputArtifact("report", "system.Markdown");
        var passed = input.OutputParameter("passed");

        var check = await Host.ExecuteAsync("check-quality", input);

        Assert.AreEqual(0, check.ExitCode, check.Stderr);
        Assert.AreEqual("false", File.ReadAllText(passed));
        StringAssert.Contains(File.ReadAllText(report), "3 rows (minimum 100): FAILED");
        var output = JsonAssert.ReadFile(input.OutputFile);
        JsonAssert.AreEqual("""{"rows": 3}""", output["artifacts"]!["report"]!["artifacts"]![0]!["metadata"]);

        using var gateDir = new TempDir();
        var gate = await Host.ExecuteAsync("fail-run", new ExecutorInputBuilder(gateDir.Path).Parameter("reason", "quality check failed"));
        Assert.AreEqual(PipelineHost.Failure, gate.ExitCode);
        StringAssert.Contains(gate.Stderr, "quality check failed");
    }

    [TestMethod]
    public void ThePipelineFailsInAConditionAndContinuesInItsElse()
    {
        var spec = PipelineCompiler.Compile(TestRegistrations.Pipelines.Single(p => p.Name == "quality-gate"), TestRegistrations.Executors);
        var branches = Compilation.Ir.Tasks(spec, "comp-condition-branches-1");
        Assert.AreEqual("inputs.parameter_values['pipelinechannel--check-quality-passed'] == false",
            Compilation.Ir.Condition(branches["condition-2"]!.AsObject()));
        Assert.AreEqual("!(inputs.parameter_values['pipelinechannel--check-quality-passed'] == false)",
            Compilation.Ir.Condition(branches["condition-3"]!.AsObject()));
        CollectionAssert.AreEqual(new[] { "fail-run" }, Compilation.Ir.Keys(Compilation.Ir.Tasks(spec, "comp-condition-2")));
        JsonAssert.AreEqual("""
            {"artifacts": {"report": {"artifactType": {"schemaTitle": "system.Markdown", "schemaVersion": "0.0.1"}}},
             "parameters": {"passed": {"parameterType": "BOOLEAN"}}}
            """,
            Compilation.Ir.Component(spec, "comp-check-quality")["outputDefinitions"]);
    }
}
