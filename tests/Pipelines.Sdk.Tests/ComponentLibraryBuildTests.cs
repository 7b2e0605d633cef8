using System.IO.Compression;
using System.Text.Json.Nodes;
using Pipelines.Sdk.Tests.Infrastructure;
using Pipelines.Tests.Kfp;

namespace Pipelines.Sdk.Tests;

/// <summary>
/// Component libraries end to end, on temporary copies of samples/DataQualityLibrary and
/// samples/ReusePipeline: pack without a registry fails (PIPE1013); pack with the loopback
/// registry pushes the images and ships the pinned references and component YAMLs; the
/// consumer restores the package from a local feed and its pipeline YAML names the library's
/// pinned images and specs (no rebuild), plus the imported KFP YAML component's own container.
/// The ProjectReference form is built once more. Four dotnet commands shared by every test.
/// </summary>
[TestClass]
public sealed class ComponentLibraryBuildTests
{
    private const string Library = "DataQualityLibrary";
    private const string Consumer = "ReusePipeline";
    // A version unique to this run: NuGet never re-extracts a version its package folder already has.
    private static readonly string s_version = "1.2.0-t" + Guid.NewGuid().ToString("N")[..12];
    private static string s_root = "";
    private static string s_feed = "";
    private static CommandResult s_packWithoutRegistry = null!;
    private static CommandResult s_pack = null!;
    private static CommandResult s_consumer = null!;
    private static CommandResult s_projectReference = null!;

    [ClassInitialize]
    public static void PackAndConsume(TestContext _)
    {
        s_root = SampleWorkspace.CopySamples(Library, Consumer);
        s_feed = Path.Combine(s_root, "components-feed");
        // The consumer's feed of component packages: this run's, not the repository's.
        File.WriteAllText(Path.Combine(s_root, Consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><add key="components-local" value="{s_feed}" /></packageSources>
              <packageSourceMapping><packageSource key="components-local"><package pattern="DataQualityLibrary" /></packageSource></packageSourceMapping>
            </configuration>
            """);

        s_packWithoutRegistry = DotnetCli.Dotnet(s_root, "pack", Library, "-o", s_feed, $"-p:Version={s_version}");
        s_pack = DotnetCli.Dotnet(s_root, "pack", Library, "-o", s_feed, $"-p:Version={s_version}",
            $"-p:PipelineRegistry={TestEnvironment.Registry}", $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}");
        s_consumer = DotnetCli.Dotnet(s_root, "build", Consumer, $"-p:DataQualityLibraryVersion={s_version}", "-p:PipelineBuildImages=false");
        // Keep the PackageReference build's YAML: the ProjectReference build writes to the same folder.
        var output = Path.Combine(s_root, Consumer, "bin", "Debug", "net10.0", "pipelines", "data-quality.yaml");
        if (File.Exists(output)) File.Copy(output, Path.Combine(s_root, "package-reference.yaml"));
        s_projectReference = DotnetCli.Dotnet(s_root, "build", Consumer, "-p:UseLibraryProject=true", "-p:PipelineBuildImages=false");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        SampleWorkspace.TryDelete(s_root);
        SampleWorkspace.TryDelete(Path.Combine(RepoPaths.Root, "artifacts", "samples-packages", "dataqualitylibrary", s_version));
    }

    /// <summary>The imported YAML component runs its own program, not our entry point.</summary>
    private static readonly KfpIrValidatorOptions s_foreignContainers = new() { RequireExecutorInputContract = false };

    private static string Nupkg => Path.Combine(s_feed, $"{Library}.{s_version}.nupkg");

    /// <summary>The consumer's pipeline YAML from the PackageReference build, or the ProjectReference one.</summary>
    private static JsonObject ConsumerPipeline(bool projectReference = false) =>
        YamlToJson.Parse(File.ReadAllText(projectReference
            ? Path.Combine(s_root, Consumer, "bin", "Debug", "net10.0", "pipelines", "data-quality.yaml")
            : Path.Combine(s_root, "package-reference.yaml")));

    /// <summary>The library's pinned images, as the pack printed them: component → reference.</summary>
    /// <summary>The images the pack pinned: pushed by it ("…; pushed)"), or already in the registry under their fingerprint
    /// tag from an earlier run ("(unchanged, in the registry)" or "… in the layout and the registry)").</summary>
    private static Dictionary<string, string> PushedImages() =>
        s_pack.Output.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("image dq-", StringComparison.Ordinal) && (l.EndsWith("; pushed)", StringComparison.Ordinal) || l.EndsWith("the registry)", StringComparison.Ordinal)))
            .Select(l => l["image ".Length..l.LastIndexOf(" (", StringComparison.Ordinal)].Split(" -> "))
            .ToDictionary(p => p[0], p => p[1]);

    [TestMethod]
    public void Pack_without_a_registry_fails_with_PIPE1013_before_building()
    {
        Assert.AreNotEqual(0, s_packWithoutRegistry.ExitCode, s_packWithoutRegistry.Output);
        StringAssert.Contains(s_packWithoutRegistry.Output, "error PIPE1013");
        StringAssert.Contains(s_packWithoutRegistry.Output, "PipelineRegistry");
        Assert.IsFalse(s_packWithoutRegistry.Output.Contains("PIPE4001"), "no image build was attempted:\n" + s_packWithoutRegistry.Output);
    }

    [TestMethod]
    public void Package_carries_the_assembly_the_pinned_images_and_the_component_YAMLs()
    {
        s_pack.AssertSuccess("dotnet pack with a registry");
        var pushed = PushedImages();
        // dq-count-rows is a container component: it runs its own image, so the pack builds and pushes none for it.
        CollectionAssert.AreEquivalent(new[] { "dq-check-missing", "dq-impute" }, pushed.Keys.ToArray());

        using var zip = ZipFile.OpenRead(Nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        CollectionAssert.IsSubsetOf(new[]
        {
            "lib/net10.0/DataQualityLibrary.dll", "lib/net10.0/DataQualityLibrary.pipelines.json",
            "pipelines/components/dq-check-missing.yaml", "pipelines/components/dq-impute.yaml", "pipelines/components/dq-count-rows.yaml",
        }, entries);

        using var reader = new StreamReader(zip.GetEntry("lib/net10.0/DataQualityLibrary.pipelines.json")!.Open());
        var library = JsonNode.Parse(reader.ReadToEnd())!;
        Assert.AreEqual(s_version, library["version"]!.GetValue<string>().Split('+')[0]);
        Assert.AreEqual("alpine:3.20", library["executors"]!["dq-count-rows"]!["container"]!["image"]!.GetValue<string>(), "the container component's own container travels with the library");
        foreach (var (name, image) in pushed)
        {
            Assert.AreEqual(image, library["executors"]![name]!["image"]!.GetValue<string>());
            StringAssert.StartsWith(image, $"{TestEnvironment.Registry}/dataqualitylibrary/{name}:");
            StringAssert.Contains(image, "@sha256:");
        }

        using var yaml = new StreamReader(zip.GetEntry("pipelines/components/dq-impute.yaml")!.Open());
        var component = YamlToJson.Parse(yaml.ReadToEnd());
        Assert.AreEqual(0, KfpIrValidator.Validate(component).Count, string.Join("\n", KfpIrValidator.Validate(component)));
        Assert.AreEqual(pushed["dq-impute"], component["deploymentSpec"]!["executors"]!["exec-dq-impute"]!["container"]!["image"]!.GetValue<string>());
    }

    [TestMethod]
    public void Consumer_of_the_package_pins_the_library_images_and_embeds_its_specs()
    {
        s_consumer.AssertSuccess("consumer build via PackageReference");
        Assert.IsFalse(s_consumer.Output.Contains("image dq-"), "the consumer does not rebuild the library's images");
        var spec = ConsumerPipeline();
        var errors = KfpIrValidator.Validate(spec, s_foreignContainers);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));

        var executors = spec["deploymentSpec"]!["executors"]!;
        foreach (var (name, image) in PushedImages())
        {
            var container = executors["exec-" + name]!["container"]!;
            Assert.AreEqual(image, container["image"]!.GetValue<string>(), name);
            CollectionAssert.AreEqual(new[] { "dotnet", "/app/DataQualityLibrary.dll" }, container["command"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
        }
        // The library's spec (from its assembly, through the typed factory), wired to this project's task.
        var impute = spec["components"]!["comp-dq-impute"]!;
        Assert.AreEqual("system.Dataset", impute["inputDefinitions"]!["artifacts"]!["raw"]!["artifactType"]!["schemaTitle"]!.GetValue<string>());
        Assert.AreEqual("median", impute["inputDefinitions"]!["parameters"]!["strategy"]!["defaultValue"]!.GetValue<string>());
        var tasks = spec["root"]!["dag"]!["tasks"]!;
        Assert.AreEqual("make-data", tasks["dq-impute"]!["inputs"]!["artifacts"]!["raw"]!["taskOutputArtifact"]!["producerTask"]!.GetValue<string>());
        StringAssert.Contains(spec["pipelineInfo"]!["description"]!.GetValue<string>(), $"[component libraries: DataQualityLibrary {s_version}");

        // The library's container component: its own container, KFP's placeholders, wired to the imputed data.
        var count = executors["exec-dq-count-rows"]!["container"]!;
        Assert.AreEqual("alpine:3.20", count["image"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "sh", "-c", "echo $(( $(wc -l < \"$0\") - 1 )) > \"$1\"", "{{$.inputs.artifacts['data'].path}}", "{{$.outputs.parameters['rows'].output_file}}" },
            count["command"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
        Assert.AreEqual("dq-impute", tasks["dq-count-rows"]!["inputs"]!["artifacts"]!["data"]!["taskOutputArtifact"]!["producerTask"]!.GetValue<string>());
    }

    [TestMethod]
    public void Imported_KFP_YAML_component_keeps_its_own_container()
    {
        s_consumer.AssertSuccess("consumer build via PackageReference");
        var spec = ConsumerPipeline();
        var container = spec["deploymentSpec"]!["executors"]!["exec-describe-dataset"]!["container"]!;
        Assert.AreEqual("python:3.11-slim", container["image"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "python3", "-c" }, container["command"]!.AsArray().Take(2).Select(c => c!.GetValue<string>()).ToArray());
        CollectionAssert.AreEqual(new[] { "{{$.inputs.artifacts['data'].path}}", "{{$.inputs.parameters['title']}}", "{{$.outputs.artifacts['summary'].path}}" },
            container["args"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
        Assert.AreEqual("1", container["resources"]!["resourceCpuLimit"]!.GetValue<string>(), "task options still apply");

        var task = spec["root"]!["dag"]!["tasks"]!["describe-dataset"]!;
        Assert.AreEqual("dq-impute", task["inputs"]!["artifacts"]!["data"]!["taskOutputArtifact"]!["producerTask"]!.GetValue<string>());
        Assert.AreEqual("Imputed data", task["inputs"]!["parameters"]!["title"]!["runtimeValue"]!["constant"]!.GetValue<string>());
        Assert.AreEqual("system.Markdown", spec["components"]!["comp-describe-dataset"]!["outputDefinitions"]!["artifacts"]!["summary"]!["artifactType"]!["schemaTitle"]!.GetValue<string>());
    }

    [TestMethod]
    public void ProjectReference_to_the_library_works_the_same_way()
    {
        s_projectReference.AssertSuccess("consumer build via ProjectReference");
        var spec = ConsumerPipeline(projectReference: true);
        Assert.AreEqual(0, KfpIrValidator.Validate(spec, s_foreignContainers).Count, string.Join("\n", KfpIrValidator.Validate(spec, s_foreignContainers)));
        var executors = spec["deploymentSpec"]!["executors"]!;
        // Images off: the library's references are unpinned ones built from its own settings.
        StringAssert.StartsWith(executors["exec-dq-impute"]!["container"]!["image"]!.GetValue<string>(), "dataqualitylibrary/dq-impute:1.2.0");
        StringAssert.StartsWith(executors["exec-make-data"]!["container"]!["image"]!.GetValue<string>(), "reusepipeline/make-data:1.0.0");
    }

    [TestMethod]
    public void Malformed_PipelineComponent_YAML_fails_the_build_naming_the_file_and_the_field()
    {
        var root = SampleWorkspace.EmptyWorkspace("bad-yaml");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Bad", "kfp"));
            File.WriteAllText(Path.Combine(root, "Bad", "Bad.csproj"), """
                <Project Sdk="Pipelines.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup><PipelineComponent Include="kfp/broken.yaml" /></ItemGroup>
                </Project>
                """);
            var yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", Consumer, "kfp", "describe-dataset.yaml"))
                .Replace("parameterType: STRING", "parameterType: TEXT");
            File.WriteAllText(Path.Combine(root, "Bad", "kfp", "broken.yaml"), yaml);

            var result = DotnetCli.Dotnet(root, "build", "Bad", "-p:PipelineBuildImages=false");

            Assert.AreNotEqual(0, result.ExitCode, result.Output);
            StringAssert.Contains(result.Output, "error PIPE1011: Component YAML '" + Path.Combine(root, "Bad", "kfp", "broken.yaml") + "'");
            StringAssert.Contains(result.Output, "field 'components.comp-describe-dataset.inputDefinitions.parameters.title.parameterType' is 'TEXT'");
            Assert.IsFalse(result.Output.Contains("error CS"), "the build stops before compiling:\n" + result.Output);
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }
}
