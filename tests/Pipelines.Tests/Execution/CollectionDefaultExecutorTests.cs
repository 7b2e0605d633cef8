namespace Pipelines.Tests.Execution;

/// <summary>A component's LIST and STRUCT defaults from <c>[Default]</c> JSON: used when the executor input has no value
/// (KFP's launcher normally fills them in, other callers may not), never over a value it has.</summary>
[TestClass]
public sealed class CollectionDefaultExecutorTests
{
    [TestMethod]
    public async Task TheJsonDefaultsApplyWhenTheExecutorInputHasNoValue()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path);
        var output = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("weigh", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        // (1+2+3) * (1+0.5) * 0.5 * 2 + 1 feature + Blue (2)
        Assert.AreEqual("12", File.ReadAllText(output));
    }

    [TestMethod]
    public async Task SuppliedValuesWinOverTheDefaults()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path)
            .ParameterJson("sizes", "[10]")
            .ParameterJson("weights", """{"only": 2.0}""")
            .ParameterJson("config", """{"learning_rate": 1.0, "layers": 1, "features": [], "palette": "Red"}""");
        var output = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("weigh", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("20", File.ReadAllText(output));
    }
}
