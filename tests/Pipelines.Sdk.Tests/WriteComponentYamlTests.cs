using System.Reflection;
using System.Reflection.Emit;
using System.Text.Json.Nodes;
using Pipelines.Sdk.Tasks;
using Pipelines.Sdk.Tests.Infrastructure;
using Pipelines.Tests.Kfp;

namespace Pipelines.Sdk.Tests;

/// <summary>The component step in-process, against real assemblies written with the specs embedded
/// the way the generator embeds them.</summary>
[TestClass]
public sealed class WriteComponentYamlTests
{
    private const string Clean = """{"description":"Impute","inputDefinitions":{"artifacts":{"raw":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},"parameters":{"fill_value":{"defaultValue":0.0,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}},"method":"Churn.Steps.Clean","name":"clean","outputDefinitions":{"artifacts":{"cleaned":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},"parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}""";
    private const string Train = """{"inputDefinitions":{"parameters":{"epochs":{"parameterType":"NUMBER_INTEGER"}}},"method":"Churn.Steps.Train","name":"train","outputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}}}}""";

    public TestContext TestContext { get; set; } = null!;

    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("pipelines-task-").FullName;

    [TestCleanup]
    public void Cleanup() => SampleWorkspace.TryDelete(_dir);

    private string WriteAssembly(params string[] componentSpecs)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("Specs" + Guid.NewGuid().ToString("N")), typeof(object).Assembly);
        var ctor = typeof(AssemblyMetadataAttribute).GetConstructor([typeof(string), typeof(string)])!;
        builder.SetCustomAttribute(new CustomAttributeBuilder(ctor, ["Unrelated", "value"]));
        foreach (var spec in componentSpecs)
            builder.SetCustomAttribute(new CustomAttributeBuilder(ctor, ["Pipelines.Component", spec]));
        builder.DefineDynamicModule("Specs").DefineType("Placeholder").CreateType();
        var path = Path.Combine(_dir, "Specs.dll");
        builder.Save(path);
        return path;
    }

    private (WriteComponentYaml Task, TestBuildEngine Engine) NewTask(string assembly, string? registry = null, string prefix = "churn")
    {
        var engine = new TestBuildEngine();
        var task = new WriteComponentYaml
        {
            BuildEngine = engine,
            AssemblyPath = assembly,
            OutputDirectory = Path.Combine(_dir, "components"),
            ExecutorsFile = Path.Combine(_dir, "obj", "executors.json"),
            Command = ["dotnet", "/app/Churn.dll"],
            ImageRegistry = registry,
            ImageRepositoryPrefix = prefix,
            ImageTag = "1.2.0",
            Version = "1.2.0+abc123",
        };
        return (task, engine);
    }

    [TestMethod]
    public void Writes_one_valid_compiled_component_per_spec_and_the_executors_map()
    {
        var (task, engine) = NewTask(WriteAssembly(Clean, Train), registry: "registry.example.com/ml");

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        CollectionAssert.AreEqual(new[] { "clean.yaml", "train.yaml" },
            Directory.GetFiles(Path.Combine(_dir, "components")).Select(Path.GetFileName).Order().ToArray());
        var clean = YamlToJson.Parse(File.ReadAllText(Path.Combine(_dir, "components", "clean.yaml")));
        Assert.AreEqual(0, KfpIrValidator.Validate(clean).Count, string.Join("\n", KfpIrValidator.Validate(clean)));
        Assert.AreEqual("Impute (version 1.2.0+abc123)", clean["pipelineInfo"]!["description"]!.GetValue<string>());
        Assert.AreEqual("registry.example.com/ml/churn/clean:1.2.0", clean["deploymentSpec"]!["executors"]!["exec-clean"]!["container"]!["image"]!.GetValue<string>());
        Assert.AreEqual(0.0, clean["root"]!["inputDefinitions"]!["parameters"]!["fill_value"]!["defaultValue"]!.GetValue<double>());

        var executors = JsonNode.Parse(File.ReadAllText(task.ExecutorsFile))!;
        Assert.AreEqual("registry.example.com/ml/churn/train:1.2.0", executors["train"]!["image"]!.GetValue<string>());
        Assert.AreEqual(2, task.ComponentFiles.Length);
    }

    /// <summary>A [ContainerComponent]'s spec as the generator embeds it: its own container, KFP's placeholders.</summary>
    private const string Wc = """{"container":{"command":["sh","-c","wc -l < \"$0\" > \"$1\"","{{$.inputs.artifacts['data'].path}}","{{$.outputs.parameters['lines'].output_file}}"],"image":"alpine:3.20"},"inputDefinitions":{"artifacts":{"data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}}},"method":"Churn.Tools.Wc","name":"wc","outputDefinitions":{"parameters":{"lines":{"parameterType":"NUMBER_INTEGER"}}}}""";

    [TestMethod]
    public void A_container_component_runs_its_own_image_and_needs_no_built_one()
    {
        var (task, engine) = NewTask(WriteAssembly(Clean, Wc), registry: "registry.example.com/ml");
        // The image step built one image: clean's. The container component is not in the list and must not be missing from it.
        task.ImagesFile = Path.Combine(_dir, "images.json");
        File.WriteAllText(task.ImagesFile, new JsonObject { ["clean"] = "registry.example.com/ml/churn/clean@sha256:" + new string('a', 64) }.ToJsonString());

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var wc = YamlToJson.Parse(File.ReadAllText(Path.Combine(_dir, "components", "wc.yaml")));
        var errors = KfpIrValidator.ValidateCompiledComponent(wc, new KfpIrValidatorOptions { RequireExecutorInputContract = false });
        Assert.IsEmpty(errors, string.Join("\n", errors));
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(Wc)!["container"], wc["deploymentSpec"]!["executors"]!["exec-wc"]!["container"]), wc.ToJsonString());
        var executors = JsonNode.Parse(File.ReadAllText(task.ExecutorsFile))!;
        Assert.AreEqual("alpine:3.20", executors["wc"]!["image"]!.GetValue<string>());
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(Wc)!["container"], executors["wc"]!["container"]), executors.ToJsonString());
        Assert.AreEqual("alpine:3.20", task.ComponentFiles.Single(f => f.GetMetadata("Component") == "wc").GetMetadata("Image"));
    }

    [TestMethod]
    public void The_image_step_builds_nothing_for_a_container_component()
    {
        var engine = new TestBuildEngine();
        var images = new BuildComponentImages
        {
            BuildEngine = engine,
            AssemblyPath = WriteAssembly(Wc),
            LayerFiles = [],
            // Never resolved: with only container components there is nothing to build, so no registry is asked.
            BaseImage = "registry.invalid/none:1",
            ImageRepositoryPrefix = "churn",
            LayoutDirectory = Path.Combine(_dir, "layout"),
            ImagesFile = Path.Combine(_dir, "images.json"),
            FingerprintsDirectory = Path.Combine(_dir, "fingerprint-inputs"),
        };

        Assert.IsTrue(images.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.AreEqual("{}", JsonNode.Parse(File.ReadAllText(images.ImagesFile))!.ToJsonString());
        Assert.IsFalse(Directory.Exists(images.FingerprintsDirectory), "no fingerprint for a container component");
    }

    /// <summary>The image step reuses an image of the layout only when every blob of it hashes to its digest: a blob with
    /// the right size and other bytes is removed, said with its code, and the image made again (same bytes, same digest).</summary>
    [TestMethod]
    public void A_layout_image_with_a_bad_blob_is_not_reused_but_built_again_and_the_blob_repaired()
    {
        var assembly = WriteAssembly(Clean);
        var app = Path.Combine(_dir, "app.txt");
        File.WriteAllText(app, "the app");
        var layout = new Pipelines.Images.OciImageLayout(Path.Combine(_dir, "layout"));
        (bool Ok, TestBuildEngine Engine, string Image) Build()
        {
            var engine = new TestBuildEngine();
            var task = new BuildComponentImages
            {
                BuildEngine = engine,
                AssemblyPath = assembly,
                LayerFiles = [new Microsoft.Build.Utilities.TaskItem(app, new Dictionary<string, string> { ["Layer"] = "app", ["PathInImage"] = "app.txt" })],
                BaseImage = "oci:" + TestEnvironment.BaseLayout,
                ImageRepositoryPrefix = "churn",
                LayoutDirectory = layout.Directory,
                ImagesFile = Path.Combine(_dir, "images.json"),
                FingerprintsDirectory = Path.Combine(_dir, "fingerprint-inputs"),
                CacheDirectory = Path.Combine(_dir, "cache"),
            };
            var ok = task.Execute();
            return (ok, engine, JsonNode.Parse(File.ReadAllText(task.ImagesFile))!["clean"]!.GetValue<string>());
        }
        string Said(TestBuildEngine engine) => string.Join("\n", engine.Messages.Select(m => m.Message).Where(m => m!.Contains("image clean")));

        var first = Build();
        Assert.IsTrue(first.Ok, string.Join("\n", first.Engine.Errors.Select(e => e.Message)));
        var second = Build();
        StringAssert.Contains(Said(second.Engine), "unchanged, in the layout");
        var manifest = layout.ReadIndex().Single().Digest;
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(layout.BlobPath(manifest)));
        var config = document.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        var bytes = File.ReadAllBytes(layout.BlobPath(config));
        bytes[bytes.Length / 2] ^= 0x20; // same size, other bytes
        File.WriteAllBytes(layout.BlobPath(config), bytes);

        var third = Build();

        Assert.IsTrue(third.Ok, string.Join("\n", third.Engine.Errors.Select(e => e.Message)));
        Assert.AreEqual(first.Image, third.Image, "made again from the same inputs: the same image");
        StringAssert.Contains(Said(third.Engine), "rebuilt");
        var warning = third.Engine.Warnings.Single();
        Assert.AreEqual(Pipelines.Images.ImageErrorCodes.DigestMismatch, warning.Code);
        StringAssert.Contains(warning.Message, config);
        Assert.AreEqual(config, Pipelines.Images.Digests.Sha256File(layout.BlobPath(config)), "the blob was written again");
        Assert.IsTrue(new Pipelines.Images.OciImageLayout(layout.Directory).HasImage(third.Image[(third.Image.IndexOf('@') + 1)..]));
    }

    /// <summary>An unreadable images list is an error that says why (the parser's message), not just "unreadable".</summary>
    [TestMethod]
    public void An_unreadable_images_list_is_reported_with_its_reason()
    {
        var (task, engine) = NewTask(WriteAssembly(Clean));
        task.ImagesFile = Path.Combine(_dir, "images.json");
        File.WriteAllText(task.ImagesFile, "{\"clean\": ");

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("PIPE1009", error.Code);
        StringAssert.Contains(error.Message, "images.json' is missing or unreadable: ");
        Assert.IsGreaterThan(error.Message.IndexOf("unreadable: ", StringComparison.Ordinal) + "unreadable: ".Length + 5, error.Message.Length, error.Message);
    }

    [TestMethod]
    public void Unchanged_output_is_not_rewritten_and_removed_components_are_deleted()
    {
        var (first, _) = NewTask(WriteAssembly(Clean, Train));
        Assert.IsTrue(first.Execute());
        var clean = Path.Combine(_dir, "components", "clean.yaml");
        var stamp = File.GetLastWriteTimeUtc(clean);
        File.SetLastWriteTimeUtc(clean, stamp.AddMinutes(-5));

        var (second, _) = NewTask(WriteAssembly(Clean));
        Assert.IsTrue(second.Execute());

        Assert.AreEqual(stamp.AddMinutes(-5), File.GetLastWriteTimeUtc(clean), "same bytes: the file was left alone");
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "components", "train.yaml")), "a component that is gone loses its YAML");
    }

    [TestMethod]
    public void Bad_specs_and_settings_are_errors_with_codes_and_nothing_is_written()
    {
        var (dup, dupEngine) = NewTask(WriteAssembly(Clean, Clean));
        Assert.IsFalse(dup.Execute());
        Assert.AreEqual("PIPE1003", dupEngine.Errors.Single().Code);

        var (bad, badEngine) = NewTask(WriteAssembly("{not json"));
        Assert.IsFalse(bad.Execute());
        Assert.AreEqual("PIPE1002", badEngine.Errors.Single().Code);

        var (prefix, prefixEngine) = NewTask(WriteAssembly(Clean), prefix: "Not Valid");
        Assert.IsFalse(prefix.Execute());
        Assert.AreEqual("PIPE1007", prefixEngine.Errors.Single().Code);
        StringAssert.Contains(prefixEngine.Errors.Single().Message, "'clean'");

        Assert.IsFalse(Directory.Exists(Path.Combine(_dir, "components")) && Directory.EnumerateFiles(Path.Combine(_dir, "components")).Any());

        var (missing, missingEngine) = NewTask(Path.Combine(_dir, "nope.dll"));
        Assert.IsFalse(missing.Execute());
        Assert.AreEqual("PIPE1001", missingEngine.Errors.Single().Code);
    }

    /// <summary>With the cache, a component whose spec, image, command and version are unchanged is not compiled again while its
    /// YAML is the file the step wrote; a changed input or a changed file is made again (issue 10: work follows the change).</summary>
    [TestMethod]
    public void Unchanged_components_are_not_compiled_again_and_changed_inputs_or_files_are()
    {
        var assembly = WriteAssembly(Clean, Train);
        var cacheFile = Path.Combine(_dir, "obj", "component-yaml.json");
        string clean = Path.Combine(_dir, "components", "clean.yaml"), train = Path.Combine(_dir, "components", "train.yaml");
        string Run(string tag, string version = "1.2.0+abc123")
        {
            var (task, engine) = NewTask(assembly);
            task.CacheFile = cacheFile;
            task.ImageTag = tag;
            task.Version = version;
            Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
            return engine.Messages.Select(m => m.Message ?? "").Single(m => m.StartsWith("Pipelines: 2 component(s)", StringComparison.Ordinal));
        }

        StringAssert.Contains(Run("1.2.0"), "(0 unchanged");
        var cleanYaml = File.ReadAllText(clean);
        StringAssert.Contains(Run("1.2.0"), "(2 unchanged", "same inputs, same files");
        Assert.AreEqual(cleanYaml, File.ReadAllText(clean));

        // A hand edit (or a file from another build) is made again, not trusted.
        File.WriteAllText(train, "edited by hand\n");
        StringAssert.Contains(Run("1.2.0"), "(1 unchanged");
        StringAssert.Contains(File.ReadAllText(train), "churn/train:1.2.0");

        // New images (here: another tag) or another version change every file.
        StringAssert.Contains(Run("1.3.0"), "(0 unchanged");
        StringAssert.Contains(File.ReadAllText(clean), "churn/clean:1.3.0");
        StringAssert.Contains(Run("1.3.0", version: "1.3.0"), "(0 unchanged");
        StringAssert.Contains(File.ReadAllText(clean), "version 1.3.0");

        // Without its cache file the step still writes the same YAML.
        File.Delete(cacheFile);
        StringAssert.Contains(Run("1.3.0", version: "1.3.0"), "(0 unchanged");
        StringAssert.Contains(File.ReadAllText(clean), "version 1.3.0");
    }
}
