using System.Text.Json.Nodes;
using Pipelines.Sdk.Tests.Infrastructure;

namespace Pipelines.Sdk.Tests;

/// <summary>
/// Component images end to end: `dotnet build` of a temporary copy of samples/ChurnPrediction with
/// images on (the offline-built .NET base from build/test-env), then the images themselves in a
/// real Docker engine and a real registry. Each test builds its own copy, so they run in parallel.
/// </summary>
[TestClass]
public sealed class ComponentImageTests
{
    private const string Project = "ChurnPrediction/ChurnPrediction.Pipeline";
    private static readonly string[] Components = ["clean", "evaluate", "generate-data", "split", "train"];

    private sealed record SampleCopy(string Root)
    {
        public string ProjectDir => Path.Combine(Root, Project);
        public string OutDir => Path.Combine(ProjectDir, "bin", "Debug", "net10.0");
        public string Layout => Path.Combine(OutDir, "images");
        public string CacheDir => Path.Combine(Root, "image-cache");

        public CommandResult Build(params string[] extra) => DotnetCli.Dotnet(Root,
            ["build", Project, $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}", $"-p:PipelineImageCacheDirectory={CacheDir}", .. extra]);

        /// <summary>component → pinned image reference, as the YAML names it.</summary>
        public Dictionary<string, string> Images()
        {
            var yaml = YamlToJson.Parse(File.ReadAllText(Path.Combine(OutDir, "pipelines", "churn-training.yaml")));
            return Components.ToDictionary(c => c, c => yaml["deploymentSpec"]!["executors"]!["exec-" + c]!["container"]!["image"]!.GetValue<string>());
        }

        /// <summary>The layer digests of every image in the OCI layout, by component (index.json's title annotation).</summary>
        public Dictionary<string, string[]> LayoutLayers()
        {
            var index = JsonNode.Parse(File.ReadAllText(Path.Combine(Layout, "index.json")))!;
            var result = new Dictionary<string, string[]>();
            foreach (var m in index["manifests"]!.AsArray())
            {
                string refName = m!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>();
                string component = refName.Split('/')[^1].Split(':')[0];
                var manifest = JsonNode.Parse(File.ReadAllText(Blob(m["digest"]!.GetValue<string>())))!;
                result[component] = manifest["layers"]!.AsArray().Select(l => l!["digest"]!.GetValue<string>()).ToArray();
            }
            return result;
        }

        public string Blob(string digest) => Path.Combine(Layout, "blobs", "sha256", digest["sha256:".Length..]);
    }

    private static SampleCopy NewCopy() => new(SampleWorkspace.CopySample("ChurnPrediction"));

    private static void Docker(params string[] args) =>
        DotnetCli.Run("docker", args, RepoPaths.Root, TestEnvironment.DockerEnv).AssertSuccess("docker " + string.Join(' ', args.Take(3)));

    [TestMethod]
    public void Two_clean_builds_give_identical_digests_and_components_share_their_layers()
    {
        var copy = NewCopy();
        try
        {
            copy.Build().AssertSuccess("first build");
            var first = copy.Images();
            var layers = copy.LayoutLayers();

            Directory.Delete(Path.Combine(copy.ProjectDir, "bin"), true);
            Directory.Delete(Path.Combine(copy.ProjectDir, "obj"), true);
            Directory.Delete(copy.CacheDir, true);
            copy.Build().AssertSuccess("clean rebuild");

            CollectionAssert.AreEqual(first.OrderBy(p => p.Key).ToList(), copy.Images().OrderBy(p => p.Key).ToList(), "same inputs, same digests");
            foreach (var (component, image) in first)
                StringAssert.Matches(image, new System.Text.RegularExpressions.Regex($"^churnprediction-pipeline/{component}:1\\.0\\.0@sha256:[0-9a-f]{{64}}$"));

            // Base, dependencies, helpers and app layers are the same blobs in every component image.
            CollectionAssert.AreEquivalent(Components, layers.Keys.ToArray());
            var reference = layers["train"];
            Assert.IsTrue(reference.Length >= 4, "base + dependencies + helpers + app");
            foreach (var (component, digests) in layers)
                CollectionAssert.AreEqual(reference, digests, component);
            int blobs = Directory.GetFiles(Path.Combine(copy.Layout, "blobs", "sha256")).Length;
            Assert.AreEqual(reference.Length + 2 * Components.Length, blobs, "layers stored once, plus a config and a manifest per component");
        }
        finally { SampleWorkspace.TryDelete(copy.Root); }
    }

    [TestMethod]
    public void No_op_build_leaves_the_layout_alone_and_a_one_line_change_rebuilds_only_the_app_layer()
    {
        var copy = NewCopy();
        try
        {
            copy.Build().AssertSuccess("first build");
            var before = copy.LayoutLayers();
            var images = copy.Images();
            string index = Path.Combine(copy.Layout, "index.json");
            var indexTime = File.GetLastWriteTimeUtc(index);

            var noop = copy.Build("--no-restore", "-v:d").AssertSuccess("no-op build");
            StringAssert.Contains(noop.Output, "Skipping target \"PipelinesBuildImages\" because all output files are up-to-date");
            Assert.AreEqual(indexTime, File.GetLastWriteTimeUtc(index));

            string source = Path.Combine(copy.ProjectDir, "DataSteps.cs");
            File.AppendAllText(source, "\n// one-line change\n");
            copy.Build("--no-restore").AssertSuccess("one-line change");
            var after = copy.LayoutLayers();
            foreach (var component in Components)
            {
                CollectionAssert.AreEqual(before[component][..^1], after[component][..^1], $"{component}: base, dependency and helper layers unchanged");
                Assert.AreNotEqual(before[component][^1], after[component][^1], $"{component}: the app layer changed");
            }
            Assert.AreNotEqual(images["train"], copy.Images()["train"], "the YAML pins the new image");
            int blobs = Directory.GetFiles(Path.Combine(copy.Layout, "blobs", "sha256")).Length;
            Assert.AreEqual(after["train"].Length + 2 * Components.Length, blobs, "the old app layer, configs and manifests were pruned");
        }
        finally { SampleWorkspace.TryDelete(copy.Root); }
    }

    [TestMethod]
    public void Every_component_image_runs_its_component_in_docker_without_network()
    {
        var copy = NewCopy();
        string run = Path.Combine(copy.Root, "run");
        try
        {
            // The build loads the images into the engine itself (Docker.DotNet), as a user's local run would.
            var build = DotnetCli.Run("dotnet", ["build", Project, $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}", $"-p:PipelineImageCacheDirectory={copy.CacheDir}",
                "-p:PipelineLoadImages=true"], copy.Root, TestEnvironment.DockerEnv).AssertSuccess("build and load into Docker");
            StringAssert.Contains(build.Output, "loaded train into Docker");
            var images = copy.Images();
            Directory.CreateDirectory(run);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(run, (UnixFileMode)0x1FF); // the images run as a non-root user

            // The sample's DAG, one container per task, artifacts passed by path as KFP's launcher would.
            string Step(string component, JsonObject parameters, JsonObject inputs, params (string Name, bool Artifact)[] outputs)
            {
                string tag = images[component].Split('@')[0];
                var outParams = new JsonObject();
                var outArtifacts = new JsonObject();
                foreach (var (name, artifact) in outputs)
                {
                    if (artifact) outArtifacts[name] = new JsonObject { ["artifacts"] = new JsonArray(new JsonObject { ["name"] = name, ["uri"] = $"{run}/{component}/{name}" }) };
                    else outParams[name] = new JsonObject { ["outputFile"] = $"{run}/{component}/params/{name}" };
                }
                var input = new JsonObject
                {
                    ["inputs"] = new JsonObject { ["parameterValues"] = parameters, ["artifacts"] = inputs },
                    ["outputs"] = new JsonObject { ["parameters"] = outParams, ["artifacts"] = outArtifacts, ["outputFile"] = $"{run}/{component}/executor_output.json" },
                };
                Docker("run", "--rm", "--network", "none", "-v", $"{run}:{run}", tag,
                    "dotnet", "/app/ChurnPrediction.Pipeline.dll", "--executor_input", input.ToJsonString(), "--function_to_execute", component);
                return File.ReadAllText($"{run}/{component}/executor_output.json");
            }
            static JsonObject Artifact(string uri) => new() { ["artifacts"] = new JsonArray(new JsonObject { ["name"] = "1042", ["uri"] = uri, ["metadata"] = new JsonObject() }) };

            Step("generate-data", new JsonObject { ["rows"] = 1200 }, [], ("raw", true), ("Output", false));
            Step("clean", new JsonObject(), new JsonObject { ["raw"] = Artifact($"{run}/generate-data/raw") }, ("cleaned", true), ("quality_report", true));
            Step("split", new JsonObject(), new JsonObject { ["data"] = Artifact($"{run}/clean/cleaned") }, ("train", true), ("test", true));
            Step("train", new JsonObject { ["epochs"] = 20 }, new JsonObject { ["train"] = Artifact($"{run}/split/train") }, ("model", true));
            var evaluation = JsonNode.Parse(Step("evaluate", new JsonObject(),
                new JsonObject { ["test"] = Artifact($"{run}/split/test"), ["model"] = Artifact($"{run}/train/model") },
                ("metrics", true), ("classification", true), ("report", true), ("Output", false)))!;

            Assert.AreEqual("1200", File.ReadAllText($"{run}/generate-data/params/Output"));
            double accuracy = evaluation["parameterValues"]!["Output"]!.GetValue<double>();
            Assert.IsTrue(accuracy > 0.75, $"accuracy {accuracy}");
            Assert.IsNotNull(evaluation["artifacts"]!["metrics"]!["artifacts"]![0]!["metadata"]!["auc"]);
            Assert.IsTrue(File.Exists($"{run}/evaluate/report"), "HTML report written");
        }
        finally { SampleWorkspace.TryDelete(copy.Root); }
    }

    [TestMethod]
    public void Push_to_a_registry_pins_pushed_digests_that_pull_and_run_and_a_failed_push_writes_no_YAML()
    {
        var copy = NewCopy();
        try
        {
            // Nothing listens on this loopback port: the build fails with a code and writes no pipeline YAML.
            var failed = copy.Build("-p:PipelineRegistry=127.0.0.1:9");
            Assert.AreNotEqual(0, failed.ExitCode);
            StringAssert.Contains(failed.Output, "error PIPE4001");
            Assert.IsFalse(File.Exists(Path.Combine(copy.OutDir, "pipelines", "churn-training.yaml")), "no YAML that points at images that were not pushed");

            copy.Build("--no-restore", $"-p:PipelineRegistry={TestEnvironment.Registry}").AssertSuccess("push build");
            var images = copy.Images();
            foreach (var (component, image) in images)
                StringAssert.StartsWith(image, $"{TestEnvironment.Registry}/churnprediction-pipeline/{component}:1.0.0@sha256:");

            string pushed = images["generate-data"];
            int at = pushed.IndexOf('@');
            string byDigest = pushed[..pushed.LastIndexOf(':', at)] + pushed[at..]; // registry/repo@sha256:…, no tag
            Docker("pull", byDigest);
            var list = DotnetCli.Run("docker", ["run", "--rm", "--network", "none", byDigest, "dotnet", "/app/ChurnPrediction.Pipeline.dll", "--list"],
                RepoPaths.Root, TestEnvironment.DockerEnv).AssertSuccess("run pulled image");
            StringAssert.Contains(list.Output, "component generate-data");
        }
        finally { SampleWorkspace.TryDelete(copy.Root); }
    }
}
