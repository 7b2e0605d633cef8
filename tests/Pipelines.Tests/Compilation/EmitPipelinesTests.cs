using System.Text.Json.Nodes;
using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>The build's entry: <c>--emit-pipelines &lt;dir&gt; --executors &lt;file&gt;</c> through <see cref="PipelineHost"/>.</summary>
[TestClass]
public sealed class EmitPipelinesTests
{
    private const string EpochsInput = """{"parameters":{"epochs":{"defaultValue":5,"isOptional":true,"parameterType":"NUMBER_INTEGER"}}}""";

    private static readonly PipelineRegistration Good = new("churn-training", "Churn training", "Trains the churn model.", EpochsInput, b =>
    {
        var preprocess = ChurnTasks.Preprocess();
        var train = ChurnTasks.Train(preprocess.Outputs.Dataset, b.Parameter<int>("epochs"));
        ChurnTasks.Evaluate(train.Outputs.Model, preprocess.Outputs.Dataset);
    });

    private static string WriteExecutors(TempDir dir, params string[] components)
    {
        var map = new JsonObject();
        foreach (var c in components)
            map[c] = new JsonObject { ["image"] = $"registry.example.com/{c}@sha256:{new string('c', 64)}", ["command"] = new JsonArray("/app/Churn") };
        var file = dir.Combine("executors.json");
        File.WriteAllText(file, map.ToJsonString());
        return file;
    }

    [TestMethod]
    public async Task WritesOneValidJsonFilePerPipeline()
    {
        using var dir = new TempDir();
        var executors = WriteExecutors(dir, "preprocess", "train", "evaluate");
        var output = dir.Combine("out", "pipelines");
        var second = new PipelineRegistration("preprocess-only", null, null, "{}", _ => ChurnTasks.Preprocess());

        var result = await Host.RunAsync([Good, second], "--emit-pipelines", output, "--executors", executors);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("", result.Stderr);
        Assert.AreEqual("pipeline churn-training\npipeline preprocess-only\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.AreSequenceEqual(["churn-training.json", "preprocess-only.json"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());

        var spec = JsonAssert.ReadFile(Path.Combine(output, "churn-training.json"));
        Assert.IsEmpty(KfpIrValidator.Validate(spec));
        Assert.AreEqual("Trains the churn model.", spec["pipelineInfo"]!["description"]!.GetValue<string>());
        JsonAssert.AreEqual(JsonNode.Parse("""["/app/Churn"]"""), spec["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["command"]);
        JsonAssert.AreEqual(PipelineCompiler.Compile(Good, ExecutorTarget.ReadMap(File.ReadAllText(executors))), spec, "the file is the compiler's output");
        Assert.IsEmpty(KfpIrValidator.Validate(JsonAssert.ReadFile(Path.Combine(output, "preprocess-only.json"))));
    }

    [TestMethod]
    public async Task APipelineBodyThatThrowsFailsWithPipe3001AndTheOthersAreStillWritten()
    {
        using var dir = new TempDir();
        var executors = WriteExecutors(dir, "preprocess", "train", "evaluate");
        var broken = new PipelineRegistration("broken", null, null, "{}", _ => throw new InvalidOperationException("no data source configured"));

        var result = await Host.RunAsync([broken, Good], "--emit-pipelines", dir.Path, "--executors", executors);

        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        Assert.StartsWith("error PIPE3001: pipeline 'broken': ", result.Stderr);
        Assert.Contains("no data source configured", result.Stderr);
        Assert.IsFalse(File.Exists(Path.Combine(dir.Path, "broken.json")));
        Assert.IsTrue(File.Exists(Path.Combine(dir.Path, "churn-training.json")));
    }

    [TestMethod]
    public async Task DefinitionErrorsKeepTheirCodeAndNameThePipelineAndTask()
    {
        using var dir = new TempDir();
        var executors = WriteExecutors(dir, "preprocess", "train", "evaluate");
        var incomplete = new PipelineRegistration("incomplete", null, null, "{}", _ => ChurnTasks.Train(ChurnTasks.Preprocess().Outputs.Dataset, null!));
        var badName = new PipelineRegistration("Bad_Name", null, null, "{}", _ => ChurnTasks.Preprocess());

        var result = await Host.RunAsync([incomplete, badName], "--emit-pipelines", dir.Path, "--executors", executors);

        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        var lines = result.Stderr.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.HasCount(2, lines, result.Stderr);
        Assert.AreEqual("error PIPE3003: pipeline 'incomplete': task 'train': required input parameter 'epochs' is not supplied", lines[0]);
        Assert.StartsWith("error PIPE3005: pipeline 'Bad_Name': 'Bad_Name' is not a valid pipeline name", lines[1]);
        Assert.IsEmpty(Directory.GetFiles(dir.Path, "*.json").Where(f => Path.GetFileName(f) != "executors.json"));
    }

    [TestMethod]
    public async Task KubernetesSettingsAreWrittenAsAPlatformFileNextToThePipeline()
    {
        using var dir = new TempDir();
        var executors = WriteExecutors(dir, "preprocess", "train", "evaluate");
        var withSecret = new PipelineRegistration("with-secret", null, null, EpochsInput, b =>
        {
            var preprocess = ChurnTasks.Preprocess().WithSecretAsEnv("churn-db", "password", "DB_PASSWORD");
            ChurnTasks.Train(preprocess.Outputs.Dataset, b.Parameter<int>("epochs"));
        });
        var output = dir.Combine("out");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(output).FullName, "churn-training.platform.json"), "{}"); // stale, from an earlier run

        var result = await Host.RunAsync([withSecret, Good], "--emit-pipelines", output, "--executors", executors);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreSequenceEqual(["churn-training.json", "with-secret.json", "with-secret.platform.json"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList(),
            "a platform file only where a task has Kubernetes settings; a stale one is removed");
        var spec = JsonAssert.ReadFile(Path.Combine(output, "with-secret.json"));
        var platform = JsonAssert.ReadFile(Path.Combine(output, "with-secret" + PipelineHost.PlatformFileSuffix));
        Assert.IsEmpty(KfpIrValidator.ValidatePlatform(platform, spec));
        JsonAssert.AreEqual("""
            {"platforms": {"kubernetes": {"deploymentSpec": {"executors": {"exec-preprocess": {"secretAsEnv": [
              {"keyToEnv": [{"envVar": "DB_PASSWORD", "secretKey": "password"}], "optional": false,
               "secretName": "churn-db", "secretNameParameter": {"runtimeValue": {"constant": "churn-db"}}}]}}}}}}
            """, platform);
    }

    [TestMethod]
    public async Task AComponentWithoutAnImageIsPipe3006()
    {
        using var dir = new TempDir();
        var executors = WriteExecutors(dir, "preprocess", "evaluate");

        var result = await Host.RunAsync([Good], "--emit-pipelines", dir.Combine("out"), "--executors", executors);

        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        Assert.AreEqual("error PIPE3006: pipeline 'churn-training': task 'train': the build supplied no image for component 'train'", result.Stderr.TrimEnd());
    }

    [TestMethod]
    public async Task WithoutAnExecutorsFileEveryTaskLacksAnImage()
    {
        using var dir = new TempDir();
        var result = await Host.RunAsync([Good], "--emit-pipelines", dir.Path);
        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        Assert.StartsWith("error PIPE3006: pipeline 'churn-training': task 'preprocess'", result.Stderr);
    }

    [TestMethod]
    [DataRow("""{"train": {"command": ["/app/Churn"]}}""", "no image")]
    [DataRow("""{"train": {"image": "x/train:1", "command": []}}""", "no command")]
    [DataRow("""{"train": "registry.example.com/train:1"}""", "train")]
    [DataRow("""{"train": {"image": 5, "command": ["/app/Churn"]}}""", "train")]
    [DataRow("""{"train": {"image": "x/train:1", "command": ["/app/Churn", 1]}}""", "train")]
    [DataRow("""{"train": """, "")]
    [DataRow("""[]""", "")]
    public async Task AnInvalidExecutorsFileIsPipe2001(string content, string reason)
    {
        using var dir = new TempDir();
        var file = dir.Combine("executors.json");
        File.WriteAllText(file, content);

        var result = await Host.RunAsync([Good], "--emit-pipelines", dir.Combine("out"), "--executors", file);

        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        Assert.StartsWith($"error PIPE2001: --executors '{file}': ", result.Stderr);
        Assert.Contains(reason, result.Stderr);
        Assert.IsFalse(Directory.Exists(dir.Combine("out")));
    }

    [TestMethod]
    public async Task AMissingExecutorsFileIsPipe2001()
    {
        using var dir = new TempDir();
        var result = await Host.RunAsync([Good], "--emit-pipelines", dir.Path, "--executors", dir.Combine("missing.json"));
        Assert.AreEqual(PipelineHost.Failure, result.ExitCode);
        Assert.StartsWith("error PIPE2001: --executors ", result.Stderr);
    }
}
