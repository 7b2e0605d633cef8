using System.Text.Json.Nodes;
using Pipelines.Sdk.Tests.Infrastructure;
using Pipelines.Tests.Kfp;

namespace Pipelines.Sdk.Tests;

/// <summary>
/// The end-to-end check: pack the SDK, `dotnet build` a temporary copy of samples/ChurnPrediction
/// as a user would, and check what lands on disk against KFP's contract. One build is shared by
/// every test in the class.
/// </summary>
[TestClass]
public sealed class ChurnSampleBuildTests
{
    private const string Project = "ChurnPrediction/ChurnPrediction.Pipeline";
    private static readonly string[] Components = ["clean", "evaluate", "generate-data", "split", "train"];
    private static string s_root = "";
    private static string s_outDir = "";
    private static CommandResult s_build = null!;

    [ClassInitialize]
    public static void BuildSample(TestContext _)
    {
        s_root = SampleWorkspace.CopySample("ChurnPrediction");
        s_build = Build("-v:n").AssertSuccess("dotnet build of the sample");
        s_outDir = Path.Combine(s_root, Project, "bin", "Debug", "net10.0");
    }

    /// <summary>Images are on, as for users; the base is the offline-built one from build/test-env.</summary>
    private static CommandResult Build(params string[] extra) =>
        DotnetCli.Dotnet(s_root, ["build", Project, $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}", .. extra]);

    [ClassCleanup]
    public static void Cleanup() => SampleWorkspace.TryDelete(s_root);

    private static JsonObject ReadYaml(string relative) => YamlToJson.Parse(File.ReadAllText(Path.Combine(s_outDir, relative)));

    [TestMethod]
    public void Build_says_where_the_YAML_is()
    {
        StringAssert.Contains(s_build.Output, Path.Combine(s_outDir, "pipelines") + "/ (pipelines)");
        StringAssert.Contains(s_build.Output, "pipeline churn-training -> ");
        Assert.IsFalse(s_build.Output.Contains("warning PIPE"), "the sample builds clean of analyzer warnings:\n" + s_build.Output);
    }

    [TestMethod]
    public void On_linux_x64_the_build_runs_the_ready_to_run_copy_of_the_tasks()
    {
        if (System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier != "linux-x64")
            Assert.Inconclusive("the ReadyToRun tasks are made for linux-x64 only");
        var tools = Path.Combine(RepoPaths.Root, "artifacts", "samples-packages", "pipelines.sdk", "0.0.0-dev", "tools", "net10.0");
        var chosen = DotnetCli.Dotnet(s_root, "msbuild", Project, "-getProperty:_PipelinesTasksAssembly").AssertSuccess("evaluation").Output.Trim();
        Assert.AreEqual(Path.Combine(tools, "linux-x64", "Pipelines.Sdk.dll"), Path.GetFullPath(chosen));

        // The same assemblies as the IL set (same module ids: compiled from the same build), the ones every build runs with
        // native code for linux-x64, and every dependency beside them (MSBuild loads a task's dependencies from its folder).
        static (Guid Mvid, bool Native) Read(string path)
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            return (reader.GetGuid(reader.GetModuleDefinition().Mvid), pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0);
        }
        var il = Directory.GetFiles(tools, "*.dll").Select(Path.GetFileName).Order().ToArray();
        CollectionAssert.AreEqual(il, Directory.GetFiles(Path.Combine(tools, "linux-x64"), "*.dll").Select(Path.GetFileName).Order().ToArray());
        foreach (var name in il)
        {
            var (ilMvid, ilNative) = Read(Path.Combine(tools, name!));
            var (mvid, native) = Read(Path.Combine(tools, "linux-x64", name!));
            Assert.AreEqual(ilMvid, mvid, name);
            Assert.IsFalse(ilNative, name + " in tools/net10.0 is IL only");
            Assert.AreEqual(name!.StartsWith("Pipelines", StringComparison.Ordinal) || name == "YamlDotNet.dll", native, name + ": ReadyToRun exactly for what every build runs");
        }
    }

    [TestMethod]
    public void Pipeline_YAML_is_valid_KFP_IR_with_the_sample_wiring()
    {
        var text = File.ReadAllText(Path.Combine(s_outDir, "pipelines", "churn-training.yaml"));
        StringAssert.StartsWith(text, "# PIPELINE DEFINITION\n# Name: churn-training\n");
        var spec = YamlToJson.Parse(text);
        var errors = KfpIrValidator.Validate(spec);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));

        Assert.AreEqual("churn-training", spec["pipelineInfo"]!["name"]!.GetValue<string>());
        StringAssert.Contains(spec["pipelineInfo"]!["description"]!.GetValue<string>(), "(version 1.0.0");
        Assert.AreEqual("2.1.0", spec["schemaVersion"]!.GetValue<string>());

        var tasks = spec["root"]!["dag"]!["tasks"]!.AsObject();
        CollectionAssert.AreEquivalent(Components, tasks.Select(t => t.Key).ToArray());
        foreach (var (name, task) in tasks)
        {
            Assert.AreEqual("comp-" + name, task!["componentRef"]!["name"]!.GetValue<string>());
            Assert.IsTrue(task["cachingOptions"]!["enableCache"]!.GetValue<bool>(), name);
            var executor = spec["deploymentSpec"]!["executors"]!["exec-" + name]!["container"]!;
            CollectionAssert.AreEqual(new[] { "dotnet", "/app/ChurnPrediction.Pipeline.dll" }, executor["command"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
            StringAssert.Matches(executor["image"]!.GetValue<string>(), new System.Text.RegularExpressions.Regex($"^churnprediction-pipeline/{name}:fp-[0-9a-f]{{16}}@sha256:"), "pinned to the image the build produced, tagged with its fingerprint");
        }
        // Data flows generate-data -> clean -> split -> train -> evaluate, and the producers are dependencies.
        CollectionAssert.AreEqual(new[] { "split", "train" },
            tasks["evaluate"]!["dependentTasks"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray());
        Assert.AreEqual("rows", tasks["generate-data"]!["inputs"]!["parameters"]!["rows"]!["componentInputParameter"]!.GetValue<string>());
        Assert.AreEqual(2, tasks["train"]!["retryPolicy"]!["maxRetryCount"]!.GetValue<long>());
        Assert.AreEqual("4Gi", spec["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["resources"]!["resourceMemoryLimit"]!.GetValue<string>());

        var inputs = spec["root"]!["inputDefinitions"]!["parameters"]!.AsObject();
        Assert.AreEqual("NUMBER_INTEGER", inputs["epochs"]!["parameterType"]!.GetValue<string>());
        Assert.IsTrue(inputs["epochs"]!["isOptional"]!.GetValue<bool>());

        // <param> documentation is the description of the component's input, in a plain `dotnet build` (no doc file).
        Assert.AreEqual("Passes of the SDCA solver over the data.",
            spec["components"]!["comp-train"]!["inputDefinitions"]!["parameters"]!["epochs"]!["description"]!.GetValue<string>());
    }

    [TestMethod]
    public void Every_component_YAML_is_a_loadable_compiled_component()
    {
        var files = Directory.GetFiles(Path.Combine(s_outDir, "components"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order().ToArray();
        CollectionAssert.AreEqual(Components, files);
        foreach (var name in Components)
        {
            var spec = ReadYaml($"components/{name}.yaml");
            var errors = KfpIrValidator.Validate(spec);
            Assert.AreEqual(0, errors.Count, name + ":\n" + string.Join("\n", errors));
            Assert.AreEqual(name, spec["pipelineInfo"]!["name"]!.GetValue<string>());
            Assert.IsNotNull(spec["components"]!["comp-" + name]);
            Assert.IsNotNull(spec["deploymentSpec"]!["executors"]!["exec-" + name]);
        }
    }

    [TestMethod]
    public void Output_is_byte_stable_and_a_no_op_rebuild_does_no_YAML_work()
    {
        var pipeline = Path.Combine(s_outDir, "pipelines", "churn-training.yaml");
        var before = File.ReadAllBytes(pipeline);
        var stamp = File.GetLastWriteTimeUtc(pipeline);

        var rebuild = Build("--no-restore", "-v:d").AssertSuccess("no-op rebuild");

        StringAssert.Contains(rebuild.Output, "Skipping target \"PipelinesGenerateYaml\" because all output files are up-to-date");
        StringAssert.Contains(rebuild.Output, "Skipping target \"PipelinesBuildImages\" because all output files are up-to-date");
        StringAssert.Contains(rebuild.Output, "Skipping target \"PipelinesWriteDiagrams\" because all output files are up-to-date");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(pipeline));
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(pipeline));
    }

    [TestMethod]
    public void Entry_point_runs_a_component_with_a_KFP_shaped_executor_input()
    {
        var run = Path.Combine(s_root, "run-" + Guid.NewGuid().ToString("N"));
        var input = new JsonObject
        {
            ["inputs"] = new JsonObject { ["parameterValues"] = new JsonObject { ["rows"] = 300.0, ["seed"] = 7, ["pipelinechannel--ignored"] = "x" } },
            ["outputs"] = new JsonObject
            {
                ["parameters"] = new JsonObject { ["Output"] = new JsonObject { ["outputFile"] = $"{run}/outputs/Output" } },
                ["artifacts"] = new JsonObject
                {
                    ["raw"] = new JsonObject
                    {
                        ["artifacts"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "raw",
                            ["uri"] = $"{run}/generate-data/raw",
                            ["type"] = new JsonObject { ["schemaTitle"] = "system.Dataset", ["schemaVersion"] = "0.0.1" },
                        })
                    },
                },
                ["outputFile"] = $"{run}/output_metadata.json",
            },
        };

        var result = DotnetCli.Dotnet(s_outDir, Path.Combine(s_outDir, "ChurnPrediction.Pipeline.dll"),
            "--executor_input", input.ToJsonString(), "--function_to_execute", "generate-data", "--unknown-flag", "ignored");

        result.AssertSuccess("generate-data");
        Assert.AreEqual("300", File.ReadAllText($"{run}/outputs/Output"));
        Assert.IsTrue(File.Exists($"{run}/generate-data/raw") || Directory.Exists($"{run}/generate-data/raw"), "the dataset was written");
        var output = JsonNode.Parse(File.ReadAllText($"{run}/output_metadata.json"))!;
        Assert.AreEqual(300, output["parameterValues"]!["Output"]!.GetValue<int>());
        Assert.AreEqual($"{run}/generate-data/raw", output["artifacts"]!["raw"]!["artifacts"]![0]!["uri"]!.GetValue<string>());
    }

    [TestMethod]
    public void Entry_point_rejects_bad_input_naming_the_component_and_the_input()
    {
        var dir = Path.Combine(s_root, "bad-" + Guid.NewGuid().ToString("N"));
        var input = $$$"""{"inputs": {"parameterValues": {"rows": "many"}}, "outputs": {"artifacts": {"raw": {"artifacts": [{"name": "raw", "uri": "{{{dir}}}/raw"}]}}, "outputFile": "{{{dir}}}/out.json"}}""";
        var result = DotnetCli.Dotnet(s_outDir, Path.Combine(s_outDir, "ChurnPrediction.Pipeline.dll"),
            "--executor_input", input, "--function_to_execute", "generate-data");
        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.Output, "component 'generate-data'");
        StringAssert.Contains(result.Output, "input parameter 'rows': expected an integer");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "out.json")), "no executor output after a failure");
    }
}
