using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Sdk.Tests.Infrastructure;
using Pipelines.Tests.Kfp;

namespace Pipelines.Sdk.Tests;

/// <summary>
/// The `dotnet new` templates end to end: pack-dev.sh packs Pipelines.Templates with the SDK; it is
/// installed into a template hive of this run's own (the user's hive is untouched), both templates
/// are instantiated against the dev feed (`-n Acme.Churn-Model`: a name that is neither a namespace
/// nor a KFP name, so each place must take the right form of it; `-n Acme.Quality`), the pipeline
/// solution is built (offline base image), its generated tests run (one of them runs the whole
/// pipeline locally) and `dotnet run -- run` runs it, and the component library is packed (pushing
/// its images to the loopback registry). One set of commands, shared by every test.
/// </summary>
[TestClass]
public sealed class TemplateTests
{
    private const string PipelineName = "Acme.Churn-Model";
    private const string LibraryName = "Acme.Quality";
    private static string s_root = "";
    private static string s_hive = "";
    private static string s_feed = "";
    private static CommandResult s_install = null!;
    private static CommandResult s_build = null!;
    private static CommandResult s_test = null!;
    private static CommandResult s_run = null!;
    private static CommandResult s_pack = null!;

    /// <summary>The generated projects restore into the samples' package folder, from which
    /// pack-dev.sh evicts stale 0.0.0-dev packages (their nuget.config names only the feed).</summary>
    private static readonly Dictionary<string, string> s_env = new()
    {
        ["NUGET_PACKAGES"] = Path.Combine(RepoPaths.Root, "artifacts", "samples-packages"),
    };

    [ClassInitialize]
    public static void InstantiateBuildAndPack(TestContext _)
    {
        s_feed = SampleWorkspace.Feed;
        s_root = Path.Combine(Path.GetTempPath(), $"pipelines-e2e-templates-{Guid.NewGuid():N}");
        s_hive = Path.Combine(s_root, "hive");
        Directory.CreateDirectory(s_root);

        s_install = New("install", Path.Combine(s_feed, "Pipelines.Templates.0.0.0-dev.nupkg")).AssertSuccess("dotnet new install");
        New("kfp-pipeline", "-n", PipelineName, "--feed", s_feed).AssertSuccess("dotnet new kfp-pipeline");
        New("kfp-components", "-n", LibraryName, "--feed", s_feed, "--registry", TestEnvironment.Registry).AssertSuccess("dotnet new kfp-components");

        var baseImage = $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}";
        var solution = Path.Combine(s_root, PipelineName);
        s_build = Dotnet(solution, "build", baseImage);
        s_test = Dotnet(solution, "test", "--no-build");
        s_run = Dotnet(solution, "run", "--project", $"{PipelineName}.Pipeline", "--no-build", "--", "run", "--set", "rows=50", "--runs-root", Path.Combine(s_root, "runs"));
        s_pack = Dotnet(Path.Combine(s_root, LibraryName), "pack", "-c", "Release", "-o", Path.Combine(s_root, "components-feed"), baseImage);
    }

    [ClassCleanup]
    public static void Cleanup() => SampleWorkspace.TryDelete(s_root);

    /// <summary>`dotnet new` against this run's hive only, without asking any feed for updates.</summary>
    private static CommandResult New(params string[] args) =>
        DotnetCli.Run("dotnet", ["new", .. args, "--debug:custom-hive", s_hive, .. args[0] == "install" ? Array.Empty<string>() : ["--no-update-check"]], s_root, s_env);

    private static CommandResult Dotnet(string directory, params string[] args) => DotnetCli.Run("dotnet", args, directory, s_env);

    private static string PipelineFile(string relative) => Path.Combine(s_root, PipelineName, relative);

    private static string LibraryPackage => Path.Combine(s_root, "components-feed", $"{LibraryName}.0.1.0.nupkg");

    [TestMethod]
    public void Package_installs_both_templates()
    {
        StringAssert.Contains(s_install.Output, "kfp-pipeline");
        StringAssert.Contains(s_install.Output, "kfp-components");
    }

    [TestMethod]
    public void Name_renames_projects_and_namespaces_and_becomes_the_kebab_case_pipeline_name()
    {
        foreach (var project in new[] { "Shared", "Pipeline", "Tests" })
            Assert.IsTrue(File.Exists(PipelineFile($"{PipelineName}.{project}/{PipelineName}.{project}.csproj")), project);
        // Folders, files and project references take the name as given; namespaces its C# form.
        StringAssert.Contains(File.ReadAllText(PipelineFile($"{PipelineName}.Tests/{PipelineName}.Tests.csproj")), $"Include=\"../{PipelineName}.Pipeline/{PipelineName}.Pipeline.csproj\"");
        StringAssert.Contains(File.ReadAllText(PipelineFile($"{PipelineName}.Pipeline/Steps.cs")), "namespace Acme.Churn_Model;");
        StringAssert.Contains(File.ReadAllText(PipelineFile($"{PipelineName}.Pipeline/MainPipeline.cs")), "[Pipeline(Name = \"acme-churn-model\"");
        StringAssert.Contains(File.ReadAllText(PipelineFile("README.md")), $"dotnet run --project {PipelineName}.Pipeline -- run");
        // The template's source name and placeholders (as written in templates/Pipelines.Templates/content).
        string[] placeholders = ["KfpPipeline1", "KfpPipelineProject1", "kfppipeline1", "kfp-pipeline-name", "PIPELINES_VERSION", "PIPELINES_FEED", "MSTEST_VERSION"];
        var leftovers = Directory.EnumerateFiles(Path.Combine(s_root, PipelineName), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .Where(f => placeholders.Any(p => f.Contains(p) || File.ReadAllText(f).Contains(p))).ToList();
        Assert.AreEqual(0, leftovers.Count, "placeholders left in: " + string.Join(", ", leftovers));

        var yaml = PipelineFile($"{PipelineName}.Pipeline/bin/Debug/net10.0/pipelines/acme-churn-model.yaml");
        Assert.IsTrue(File.Exists(yaml), s_build.Output);
        var spec = YamlToJson.Parse(File.ReadAllText(yaml));
        Assert.AreEqual(0, KfpIrValidator.Validate(spec).Count, string.Join("\n", KfpIrValidator.Validate(spec)));
        Assert.AreEqual("acme-churn-model", spec["pipelineInfo"]!["name"]!.GetValue<string>());
        CollectionAssert.AreEquivalent(new[] { "make-data", "standardize", "describe" },
            spec["root"]!["dag"]!["tasks"]!.AsObject().Select(t => t.Key).ToArray());
    }

    [TestMethod]
    public void Pipelines_version_defaults_to_the_packed_version_and_the_feed_is_written_to_nuget_config()
    {
        // The pipeline project takes the SDK as a package (global.json pins only the .NET SDK band); the component library as its project SDK.
        StringAssert.Contains(File.ReadAllText(PipelineFile($"{PipelineName}.Pipeline/{PipelineName}.Pipeline.csproj")), "<PackageReference Include=\"Pipelines.Sdk\" Version=\"0.0.0-dev\" />");
        Assert.IsNull(JsonNode.Parse(File.ReadAllText(PipelineFile("global.json")))!["msbuild-sdks"]);
        var libraryGlobalJson = JsonNode.Parse(File.ReadAllText(Path.Combine(s_root, LibraryName, "global.json")))!;
        Assert.AreEqual("0.0.0-dev", libraryGlobalJson["msbuild-sdks"]!["Pipelines.Sdk"]!.GetValue<string>());
        StringAssert.Contains(File.ReadAllText(PipelineFile($"{PipelineName}.Tests/{PipelineName}.Tests.csproj")), "Include=\"Pipelines.Local\" Version=\"0.0.0-dev\"");
        StringAssert.Contains(File.ReadAllText(PipelineFile(".config/dotnet-tools.json")), "\"version\": \"0.0.0-dev\"");
        StringAssert.Contains(File.ReadAllText(PipelineFile("nuget.config")), $"<add key=\"pipelines\" value=\"{s_feed}\" />");

        // The option overrides it everywhere, and a feed URL with a query stays valid XML (this instantiation is not built).
        const string feed = "https://nuget.example.com/v3/index.json?team=ml&scope=read";
        New("kfp-pipeline", "-n", "Other", "-o", "other", "--pipelines-version", "9.8.7", "--feed", feed).AssertSuccess("dotnet new kfp-pipeline --pipelines-version --feed");
        StringAssert.Contains(File.ReadAllText(Path.Combine(s_root, "other", "Other.Pipeline", "Other.Pipeline.csproj")), "Include=\"Pipelines.Sdk\" Version=\"9.8.7\"");
        StringAssert.Contains(File.ReadAllText(Path.Combine(s_root, "other", "Other.Tests", "Other.Tests.csproj")), "Version=\"9.8.7\"");
        var source = System.Xml.Linq.XDocument.Load(Path.Combine(s_root, "other", "nuget.config")).Descendants("add").Single(e => (string?)e.Attribute("key") == "pipelines");
        Assert.AreEqual(feed, (string?)source.Attribute("value"));
    }

    /// <summary>The template turns the name into KFP's form as the SDK turns method names into
    /// component and pipeline names (<c>KfpNames.ToKebabCase</c>), here seen in the component prefix.</summary>
    [TestMethod]
    public void KFP_names_from_the_project_name_follow_the_SDK_kebab_case_rule()
    {
        foreach (var name in new[] { "ML2Pipeline", "HTTPFetcher", "Acme.ChurnV2", "my_data-prep" })
        {
            var output = "kebab-" + name;
            New("kfp-components", "-n", name, "-o", output).AssertSuccess($"dotnet new kfp-components -n {name}");
            var expected = Pipelines.Naming.KfpNames.ToKebabCase(name);
            Assert.IsTrue(Pipelines.Naming.KfpNames.PipelineName.IsMatch(expected), expected);
            StringAssert.Contains(File.ReadAllText(Path.Combine(s_root, output, "DataComponents.cs")), $"Name = \"{expected}-missing-values\"", name);
        }
    }

    [TestMethod]
    public void Pipeline_solution_builds_clean_and_its_tests_pass_including_the_local_run()
    {
        s_build.AssertSuccess("dotnet build of the kfp-pipeline solution");
        Assert.IsFalse(Regex.IsMatch(s_build.Output, @"warning (PIPE|CS)\d+"), "no analyzer or compiler warnings:\n" + s_build.Output);
        StringAssert.Contains(s_build.Output, "pipeline acme-churn-model -> ");
        StringAssert.Matches(s_build.Output, new Regex(@"image make-data -> acme-churn-model-pipeline/make-data:fp-[0-9a-f]{16}@sha256:"));

        s_test.AssertSuccess("dotnet test of the generated tests");
        StringAssert.Matches(s_test.Output, new Regex(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+3,"), s_test.Output);
    }

    [TestMethod]
    public void Dotnet_run_runs_the_pipeline_locally_as_the_README_says()
    {
        s_run.AssertSuccess("dotnet run -- run");
        StringAssert.Contains(s_run.Output, "run succeeded");
        StringAssert.Matches(s_run.Output, new Regex(@"make-data\W+succeeded.*Output=50"));
        var runJson = Directory.GetFiles(Path.Combine(s_root, "runs"), "run.json", SearchOption.AllDirectories);
        Assert.AreEqual(1, runJson.Length);
        StringAssert.Contains(Path.GetFileName(Path.GetDirectoryName(runJson[0])!), "acme-churn-model-");
    }

    [TestMethod]
    public void Components_template_packs_a_component_library_with_pinned_images()
    {
        StringAssert.Contains(File.ReadAllText(Path.Combine(s_root, LibraryName, $"{LibraryName}.csproj")), $">{TestEnvironment.Registry}</PipelineRegistry>");
        s_pack.AssertSuccess("dotnet pack of the kfp-components library");
        Assert.IsFalse(Regex.IsMatch(s_pack.Output, @"warning (PIPE|CS)\d+"), "no analyzer or compiler warnings:\n" + s_pack.Output);

        string[] components = ["acme-quality-drop-incomplete-rows", "acme-quality-missing-values"];
        using var zip = ZipFile.OpenRead(LibraryPackage);
        CollectionAssert.IsSubsetOf(new[]
        {
            "lib/net10.0/Acme.Quality.dll", "lib/net10.0/Acme.Quality.pipelines.json", "README.md",
            $"pipelines/components/{components[0]}.yaml", $"pipelines/components/{components[1]}.yaml",
        }, zip.Entries.Select(e => e.FullName).ToList());

        using (var reader = new StreamReader(zip.GetEntry("lib/net10.0/Acme.Quality.pipelines.json")!.Open()))
        {
            var executors = JsonNode.Parse(reader.ReadToEnd())!["executors"]!.AsObject();
            CollectionAssert.AreEquivalent(components, executors.Select(e => e.Key).ToArray());
            foreach (var (name, executor) in executors)
                StringAssert.Matches(executor!["image"]!.GetValue<string>(), new Regex($"^{Regex.Escape(TestEnvironment.Registry)}/acme-quality/{name}:fp-[0-9a-f]{{16}}@sha256:[0-9a-f]{{64}}$"));
        }
        using (var reader = new StreamReader(zip.GetEntry("Acme.Quality.nuspec")!.Open()))
            StringAssert.Matches(reader.ReadToEnd(), new Regex("<dependency id=\"Pipelines\" version=\"0.0.0-dev\""), "depends on the runtime library at the SDK's version");
        using (var reader = new StreamReader(zip.GetEntry($"pipelines/components/{components[0]}.yaml")!.Open()))
        {
            var component = YamlToJson.Parse(reader.ReadToEnd());
            Assert.AreEqual(0, KfpIrValidator.Validate(component).Count, string.Join("\n", KfpIrValidator.Validate(component)));
        }
    }
}
