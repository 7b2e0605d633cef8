using System.Text.Json.Nodes;

namespace Pipelines.Tests.Execution;

/// <summary>Typed metadata reads and directory artifacts, in unit tests and through the entry point with
/// executor input shaped as KFP's launcher writes it (metadata numbers are doubles: <c>812.0</c>).</summary>
[TestClass]
public sealed class ArtifactHelperTests
{
    [TestMethod]
    public void MetadataReadsConvertAsParametersDo()
    {
        var metadata = JsonNode.Parse("""
            {"rows": 812.0, "accuracy": 0.93, "ok": "true", "labels": ["a", "b"], "split": {"train": 0.8}, "missing": null, "half": 2.5}
            """)!.AsObject();
        Assert.AreEqual(812, metadata.Get<int>("rows"), "ML Metadata keeps numbers as doubles");
        Assert.AreEqual(812L, metadata.Get<long>("rows"));
        Assert.AreEqual(0.93, metadata.Get<double>("accuracy"));
        Assert.IsTrue(metadata.Get<bool>("ok"));
        Assert.AreSequenceEqual(["a", "b"], metadata.Get<List<string>>("labels"));
        Assert.AreEqual(0.8, metadata.Get<Dictionary<string, double>>("split")["train"]);
        Assert.IsNull(metadata.Get<int?>("missing"));
        Assert.AreEqual("812.0", metadata.Get<string>("rows"), "a number read as text is its JSON");

        var absent = Assert.ThrowsExactly<KeyNotFoundException>(() => metadata.Get<double>("f1"));
        Assert.Contains("no entry 'f1'", absent.Message);
        Assert.Contains("'accuracy'", absent.Message);
        var wrong = Assert.ThrowsExactly<FormatException>(() => metadata.Get<int>("half"));
        Assert.AreEqual("Artifact metadata entry 'half': expected an integer, got 2.5", wrong.Message);
        Assert.ThrowsExactly<FormatException>(() => metadata.Get<int>("missing"));

        Assert.IsFalse(metadata.TryGet<double>("f1", out _));
        Assert.IsTrue(metadata.TryGet<double>("accuracy", out var accuracy));
        Assert.AreEqual(0.93, accuracy);
        Assert.ThrowsExactly<FormatException>(() => metadata.TryGet<int>("labels", out _), "a wrong type is an error, not a missing entry");
        Assert.AreEqual(-1.0, metadata.GetOrDefault("f1", -1.0));
        Assert.AreEqual(0.93, metadata.GetOrDefault("accuracy", -1.0));
    }

    [TestMethod]
    public void DirectoryHelpersStayInsideTheArtifactAndListInOrdinalOrder()
    {
        using var dir = new TempDir();
        var output = new Output<Model>(dir.Combine("model"));
        Assert.AreEqual(dir.Combine("model"), output.CreateDirectory());
        File.WriteAllText(output.FileIn("b.txt"), "b");
        File.WriteAllText(output.FileIn("a/Z.txt"), "z");
        File.WriteAllText(output.FileIn("a/b.csv"), "csv");
        File.WriteAllText(output.FileIn(".hidden"), "h");
        Assert.ThrowsExactly<ArgumentException>(() => output.FileIn("../escape.txt"));
        Assert.ThrowsExactly<ArgumentException>(() => output.FileIn("a/../../escape.txt"));
        Assert.ThrowsExactly<ArgumentException>(() => output.FileIn("/etc/passwd"));

        var input = new Input<Model>(dir.Combine("model"));
        Assert.IsTrue(input.IsDirectory());
        Assert.AreSequenceEqual([".hidden", "a/Z.txt", "a/b.csv", "b.txt"], input.Files());
        Assert.AreSequenceEqual(["a/b.csv"], input.Files("*.csv"));
        Assert.AreEqual("z", File.ReadAllText(input.FileIn("a/Z.txt")));

        var file = new Input<Model>(output.FileIn("b.txt"));
        Assert.IsFalse(file.IsDirectory());
        Assert.Contains("is a file, not a directory", Assert.ThrowsExactly<DirectoryNotFoundException>(() => file.Files()).Message);
        Assert.ThrowsExactly<IOException>(() => new Output<Model>(output.FileIn("b.txt")).CreateDirectory());
    }

    [TestMethod]
    public async Task AComponentReadsTypedMetadataAndCopiesADirectoryArtifactThroughTheEntryPoint()
    {
        using var dir = new TempDir();
        var model = Path.Combine(dir.Path, "upstream", "model");
        Directory.CreateDirectory(Path.Combine(model, "weights"));
        File.WriteAllText(Path.Combine(model, "weights", "layer1.bin"), "w1");
        File.WriteAllText(Path.Combine(model, "config.json"), "{}");
        var input = new ExecutorInputBuilder(dir.Path)
            .InputArtifact("model", model, JsonNode.Parse("""{"rows": 812.0, "accuracy": 0.93}""")!.AsObject());
        var copies = input.OutputArtifact("copies", "system.Dataset");
        var output = input.OutputParameter("Output");

        var result = await Host.ExecuteAsync("copy-model-files", input);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("812|0.93|unknown|config.json,weights/layer1.bin", File.ReadAllText(output));
        Assert.AreEqual("w1", File.ReadAllText(Path.Combine(copies, "copy", "weights", "layer1.bin")));
        var metadata = JsonAssert.ReadFile(input.OutputFile)["artifacts"]!["copies"]!["artifacts"]![0]!["metadata"];
        Assert.AreEqual(2, metadata!["files"]!.GetValue<int>());
    }
}
