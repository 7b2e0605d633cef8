using System.Text.Json.Nodes;

namespace Pipelines.Tests.Execution;

/// <summary>Named outputs at run time: the entry point writes an <see cref="OutputParameter{T}"/>'s value and a
/// <c>[return: Output("scalar")]</c> value to their output files and to the executor output, as it does for <c>Output</c>.</summary>
[TestClass]
public sealed class NamedOutputExecutorTests
{
    [TestMethod]
    public async Task NamedReturnValueAndOutputParametersAreWrittenBesideTheArtifact()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("rows", 3);
        var model = input.OutputArtifact("model", "system.Model");
        var scalar = input.OutputParameter("scalar");
        var accuracy = input.OutputParameter("accuracy");
        var sizes = input.OutputParameter("sizes");

        var result = await Host.ExecuteAsync("named-train", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("model", File.ReadAllText(model));
        Assert.AreEqual("123", File.ReadAllText(scalar));
        Assert.AreEqual("0.75", File.ReadAllText(accuracy));
        Assert.AreEqual("[3,6]", File.ReadAllText(sizes));
        var output = JsonAssert.ReadFile(input.OutputFile);
        JsonAssert.AreEqual("""{"accuracy": 0.75, "scalar": "123", "sizes": [3, 6]}""", output["parameterValues"]);
        Assert.IsNull(output["parameterValues"]!["Output"], "a named return value has no 'Output'");
    }

    [TestMethod]
    public async Task AnOutputParameterSetByAnAsyncComponentIsWritten()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("set", true);
        var message = input.OutputParameter("message");

        var result = await Host.ExecuteAsync("named-maybe", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("hi", File.ReadAllText(message));
    }

    [TestMethod]
    public async Task AnOutputParameterLeftUnsetFailsTheTaskNamingComponentAndOutput()
    {
        using var dir = new TempDir();
        var input = new ExecutorInputBuilder(dir.Path).Parameter("set", false);
        var message = input.OutputParameter("message");

        var result = await Host.ExecuteAsync("named-maybe", input);

        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        Assert.AreEqual(
            "error PIPE2007: component 'named-maybe': output parameter 'message' was never assigned: the component returned without setting its OutputParameter's Value",
            result.Stderr.TrimEnd());
        Assert.IsFalse(File.Exists(message), "nothing is written for a failed task");
        Assert.IsFalse(File.Exists(input.OutputFile));
    }

    [TestMethod]
    public void InAUnitTestAnOutputParameterIsAPlainObject()
    {
        var accuracy = new OutputParameter<double>();
        var sizes = new OutputParameter<List<int>>();
        Assert.IsFalse(accuracy.IsSet);
        Assert.ThrowsExactly<InvalidOperationException>(() => _ = accuracy.Value);

        using var dir = new TempDir();
        var scalar = Named.Train(8, new Output<Model>(Path.Combine(dir.Path, "model.bin")), accuracy, sizes);

        Assert.AreEqual("123", scalar);
        Assert.IsTrue(accuracy.IsSet);
        Assert.AreEqual(2.0, accuracy.Value);
        Assert.AreSequenceEqual([8, 16], sizes.Value);
    }
}
