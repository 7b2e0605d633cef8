namespace Pipelines.Tests.Execution;

/// <summary>
/// A component that takes <c>PipelineTaskFinalStatus</c> gets it from KFP only as an exit task. Run
/// anywhere else, the executor input has no status (or a null one): that is a missing input
/// (PIPE2004, naming it), not a NullReferenceException inside the component (PIPE2006).
/// </summary>
[TestClass]
public sealed class FinalStatusInputTests
{
    [TestMethod]
    public async Task NoStatusInTheExecutorInputIsAMissingInput()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).ParameterJson("channel", "\"#ops\"");
        input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("notify", input);

        AssertMissingStatus(result);
    }

    [TestMethod]
    public async Task ANullStatusIsAMissingInput()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("status", null);
        input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("notify", input);

        AssertMissingStatus(result);
    }

    private static void AssertMissingStatus(HostResult result)
    {
        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.Stderr, PipelineErrors.MissingInput);
        StringAssert.Contains(result.Stderr, "'status' (PipelineTaskFinalStatus)");
        StringAssert.Contains(result.Stderr, "exit task of an ExitHandler");
        Assert.DoesNotContain(PipelineErrors.ComponentFailed, result.Stderr);
        Assert.DoesNotContain("NullReferenceException", result.Stderr);
    }
}
