using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Images;
using Pipelines.Images.Tests;
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

        public CommandResult Build(params string[] extra) => BuildWith(null, extra);

        public CommandResult BuildWith(IDictionary<string, string>? env, params string[] extra) => DotnetCli.Run("dotnet",
            ["build", Project, $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}", $"-p:PipelineImageCacheDirectory={CacheDir}", .. extra],
            Root, env);

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
                var refName = m!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>();
                var component = refName.Split('/')[^1].Split(':')[0];
                var manifest = JsonNode.Parse(File.ReadAllText(Blob(m["digest"]!.GetValue<string>())))!;
                result[component] = manifest["layers"]!.AsArray().Select(l => l!["digest"]!.GetValue<string>()).ToArray();
            }
            return result;
        }

        public string Blob(string digest) => Path.Combine(Layout, "blobs", "sha256", digest["sha256:".Length..]);

        /// <summary>The files this build put into a component's image (its layers above the base), path → bytes, the upper
        /// layer winning; from the OCI layout, as a container would see them.</summary>
        public Dictionary<string, byte[]> ImageFiles(string component)
        {
            var index = JsonNode.Parse(File.ReadAllText(Path.Combine(Layout, "index.json")))!;
            var entry = index["manifests"]!.AsArray().Single(m =>
                m!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>().Split('/')[^1].Split(':')[0] == component);
            var manifest = JsonNode.Parse(File.ReadAllText(Blob(entry!["digest"]!.GetValue<string>())))!;
            var config = JsonNode.Parse(File.ReadAllText(Blob(manifest["config"]!["digest"]!.GetValue<string>())))!;
            var ours = config["history"]!.AsArray().Count(h => h!["created_by"]?.GetValue<string>().StartsWith("pipelines-images:", StringComparison.Ordinal) == true);
            var layers = manifest["layers"]!.AsArray().Select(l => l!["digest"]!.GetValue<string>()).ToArray();
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var layer in layers[^ours..])
            {
                using var gzip = new GZipStream(File.OpenRead(Blob(layer)), CompressionMode.Decompress);
                using var tar = new System.Formats.Tar.TarReader(gzip);
                while (tar.GetNextEntry() is { } file)
                {
                    if (file.EntryType is not (System.Formats.Tar.TarEntryType.RegularFile or System.Formats.Tar.TarEntryType.V7RegularFile)) continue;
                    using var bytes = new MemoryStream();
                    file.DataStream?.CopyTo(bytes);
                    files[file.Name] = bytes.ToArray();
                }
            }
            return files;
        }
    }

    private static SampleCopy NewCopy() => new(SampleWorkspace.CopySample("ChurnPrediction"));

    private static void Docker(params string[] args) =>
        DotnetCli.Run("docker", args, RepoPaths.Root, TestEnvironment.DockerEnv).AssertSuccess("docker " + string.Join(' ', args.Take(3)));

    private static CommandResult Git(string dir, params string[] args) =>
        DotnetCli.Run("git", args, dir).AssertSuccess("git " + string.Join(' ', args.Take(2)));

    /// <summary>A clean clone at another path changes nothing: the sample is committed to a git repository, `git clone`d
    /// to another folder and built in both, each with its own empty image cache. Same digests, same YAML (which names
    /// the commit); and the components that carry the same packages share their layers.</summary>
    [TestMethod]
    public void Clean_builds_in_two_folders_give_identical_digests_and_components_share_their_layers()
    {
        var copy = NewCopy();
        var cloneRoot = Path.Combine(Path.GetTempPath(), $"pipelines-e2e-clone-{Guid.NewGuid():N}");
        try
        {
            Git(copy.Root, "init", "-q");
            Git(copy.Root, "add", "-A");
            Git(copy.Root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "the churn sample");
            var commit = Git(copy.Root, "rev-parse", "HEAD").Output.Trim();
            Git(copy.Root, "clone", "-q", copy.Root, cloneRoot);
            var elsewhere = new SampleCopy(cloneRoot);

            var firstBuild = copy.Build().AssertSuccess("first build");
            var first = copy.Images();
            var layers = copy.LayoutLayers();

            // The clone: the same commit in another folder, with its own empty image cache.
            var secondBuild = elsewhere.Build().AssertSuccess("clean build of the clone in another folder");

            Assert.AreNotEqual(copy.Root, elsewhere.Root);
            CollectionAssert.AreEqual(first.OrderBy(p => p.Key).ToList(), elsewhere.Images().OrderBy(p => p.Key).ToList(),
                "same sources, same digests, wherever they are checked out");
            var yaml = File.ReadAllText(Path.Combine(copy.OutDir, "pipelines", "churn-training.yaml"));
            StringAssert.Contains(yaml, $"(version 1.0.0+{commit})", "the build saw the repository: the YAML names the commit");
            Assert.AreEqual(yaml, File.ReadAllText(Path.Combine(elsewhere.OutDir, "pipelines", "churn-training.yaml")), "the clone's pipeline YAML is the same file");
            foreach (var build in new[] { firstBuild, secondBuild })
                Assert.IsFalse(build.Output.Contains("PIPE1014", StringComparison.Ordinal), "no assembly embeds the checkout folder");
            foreach (var (component, image) in first)
                StringAssert.Matches(image, new System.Text.RegularExpressions.Regex($"^churnprediction-pipeline/{component}:fp-[0-9a-f]{{16}}@sha256:[0-9a-f]{{64}}$"));

            // Each image carries the packages its component reaches (PipelineTrimPackages, on by default): clean, generate-data
            // and split reach the Pipelines runtime only, train and evaluate ML.NET too. Components with the same packages
            // have the same layers; all share the base, the helpers and the app.
            CollectionAssert.AreEquivalent(Components, layers.Keys.ToArray());
            string[] withoutMl = ["clean", "generate-data", "split"], withMl = ["evaluate", "train"];
            foreach (var group in new[] { withoutMl, withMl })
            {
                foreach (var component in group)
                    CollectionAssert.AreEqual(layers[group[0]], layers[component], component);
            }
            var ml = layers["train"];
            var plain = layers["clean"];
            Assert.AreEqual(ml.Length, plain.Length, "base + dependencies + dependency manifest + helpers + app, for both");
            Assert.IsTrue(ml.Length >= 5);
            CollectionAssert.AreEqual(ml[..^4], plain[..^4], "the base");
            CollectionAssert.AreEqual(ml[^2..], plain[^2..], "helpers and app: one blob each for every component");
            Assert.AreNotEqual(ml[^4], plain[^4], "the packages differ");
            Assert.AreNotEqual(ml[^3], plain[^3], "and so do the .deps.json that list them");
            var blobs = Directory.GetFiles(Path.Combine(copy.Layout, "blobs", "sha256")).Length;
            Assert.AreEqual(layers.Values.SelectMany(l => l).Distinct().Count() + 2 * Components.Length, blobs, "layers stored once, plus a config and a manifest per component");

            // What is in them: no ML.NET for clean, neither its files nor in its .deps.json (the host refuses to start when
            // the .deps.json names a missing assembly); train has both.
            const string deps = "app/ChurnPrediction.Pipeline.deps.json";
            var clean = copy.ImageFiles("clean");
            var train = copy.ImageFiles("train");
            Assert.IsFalse(clean.Keys.Any(f => f.Contains("Microsoft.ML", StringComparison.OrdinalIgnoreCase)), string.Join(", ", clean.Keys));
            Assert.IsTrue(clean.ContainsKey("app/Pipelines.dll") && clean.ContainsKey("app/ChurnPrediction.Pipeline.dll") && clean.ContainsKey("app/ChurnPrediction.Features.dll"));
            var cleanDeps = Encoding.UTF8.GetString(clean[deps]);
            Assert.IsFalse(cleanDeps.Contains("Microsoft.ML", StringComparison.Ordinal), cleanDeps);
            StringAssert.Contains(cleanDeps, "\"Pipelines/0.0.0-dev\"");
            Assert.IsTrue(train.ContainsKey("app/Microsoft.ML.Core.dll") && train.ContainsKey("app/Microsoft.ML.StandardTrainers.dll"), string.Join(", ", train.Keys));
            StringAssert.Contains(Encoding.UTF8.GetString(train[deps]), "\"Microsoft.ML/5.0.1\"");
        }
        finally { SampleWorkspace.TryDelete(copy.Root); SampleWorkspace.TryDelete(cloneRoot); }
    }

    /// <summary>
    /// One copy, incremental builds, one edit at a time: a component's image reference changes exactly when code it
    /// can run changes (KFP's cache key holds the reference). The expected sets are written out; the fine-grained edit
    /// kinds are in Pipelines.Fingerprints.Tests, this is the same rule through real MSBuild builds of the sample.
    /// </summary>
    [TestMethod]
    public void Image_references_change_exactly_with_the_code_each_component_can_run()
    {
        var copy = NewCopy();
        try
        {
            copy.Build("-p:PipelineExplainFingerprint=true").AssertSuccess("first build");
            var first = copy.Images();
            var explained = File.ReadAllText(Path.Combine(copy.ProjectDir, "obj", "Debug", "net10.0", "pipelines", "fingerprints", "train.txt"));
            StringAssert.Contains(explained, "method [ChurnPrediction.Pipeline]ChurnPrediction.ModelSteps::Train ");
            StringAssert.Contains(explained, "package Microsoft.ML/5.0.1");
            Assert.IsFalse(explained.Contains("ModelSteps::Evaluate ", StringComparison.Ordinal), "another component's code is not an input");

            var index = Path.Combine(copy.Layout, "index.json");
            var indexTime = File.GetLastWriteTimeUtc(index);
            var noop = copy.Build("--no-restore", "-v:d", "-p:PipelineExplainFingerprint=true").AssertSuccess("no-op build");
            StringAssert.Contains(noop.Output, "Skipping target \"PipelinesBuildImages\" because all output files are up-to-date");
            Assert.AreEqual(indexTime, File.GetLastWriteTimeUtc(index));

            // (a) One component's body.
            var layersBefore = copy.LayoutLayers();
            var pipelineYaml = Path.Combine(copy.OutDir, "pipelines", "churn-training.yaml");
            var yamlBefore = File.ReadAllText(pipelineYaml);
            Edit(copy, "ChurnPrediction.Pipeline/ModelSteps.cs", "ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);",
                "ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);\n        ArgumentOutOfRangeException.ThrowIfGreaterThan(epochs, 1_000_000);");
            var edited = copy.Build("--no-restore", "-v:n").AssertSuccess("component body edit");
            var afterBody = copy.Images();
            AssertChanged("a component's body", first, afterBody, ["train"]);
            // Nothing a [Pipeline] method reaches changed: not traced again, and the pipeline YAML is the old one with train's new image.
            StringAssert.Contains(edited.Output, "the previous trace is reused");
            Assert.AreEqual(yamlBefore.Replace(first["train"], afterBody["train"], StringComparison.Ordinal), File.ReadAllText(pipelineYaml),
                "the pipeline YAML pins train's new image, and nothing else changed");
            Assert.IsFalse(File.ReadAllText(pipelineYaml).Contains(first["train"], StringComparison.Ordinal), "the old train image is not pinned any more");
            StringAssert.Contains(edited.Output, "image train -> ");
            StringAssert.Contains(edited.Output, "(changed: ModelSteps.Train)");
            StringAssert.Contains(edited.Output, $"image clean -> {first["clean"]} (unchanged, in the layout)");
            var layersAfter = copy.LayoutLayers();
            CollectionAssert.AreEqual(layersBefore["train"][..^1], layersAfter["train"][..^1], "base, dependency and helper layers unchanged");
            Assert.AreNotEqual(layersBefore["train"][^1], layersAfter["train"][^1], "the rebuilt image has the new app layer");
            var blobs = Directory.GetFiles(Path.Combine(copy.Layout, "blobs", "sha256")).Length;
            var layers = layersAfter.Values.SelectMany(l => l).Distinct().Count();
            Assert.AreEqual(layers + 2 * Components.Length, blobs, "the layout holds exactly the pinned images: the replaced train image was pruned");

            // (b) A helper library method used by two components (Statistics.Mean: the imputer in clean, the scaler in train).
            Edit(copy, "ChurnPrediction.Features/Statistics.cs", "if (values.Count == 0) return double.NaN;",
                "if (values.Count == 0) return double.NaN;\n        if (values.Count > int.MaxValue - 1) throw new InvalidOperationException(\"too many values\");");
            copy.Build("--no-restore").AssertSuccess("helper edit");
            var afterHelper = copy.Images();
            AssertChanged("a helper used by clean and train", afterBody, afterHelper, ["clean", "train"]);

            // (b2) The pipeline body: traced again, and the YAML says what the new body does.
            Edit(copy, "ChurnPrediction.Pipeline/ChurnTrainingPipeline.cs", ".WithDisplayName(\"Evaluate model\");", ".WithDisplayName(\"Evaluate the model\");");
            var retraced = copy.Build("--no-restore", "-v:n").AssertSuccess("pipeline body edit");
            StringAssert.Contains(retraced.Output, "Pipelines: tracing the pipelines (changed: ");
            StringAssert.Contains(File.ReadAllText(pipelineYaml), "Evaluate the model");
            AssertChanged("the pipeline body", afterHelper, copy.Images(), []);

            // (c) The README, then the version only: nothing a component runs.
            File.AppendAllText(Path.Combine(copy.Root, "ChurnPrediction", "README.md"), "\nAnother line.\n");
            copy.Build("--no-restore").AssertSuccess("README edit");
            AssertChanged("the README", afterHelper, copy.Images(), []);
            var versioned = copy.Build("--no-restore", "-p:Version=1.0.1").AssertSuccess("version bump");
            AssertChanged("the version", afterHelper, copy.Images(), []);
            StringAssert.Contains(versioned.Output, "(unchanged, in the layout)");
            var yaml = YamlToJson.Parse(File.ReadAllText(Path.Combine(copy.OutDir, "pipelines", "churn-training.yaml")));
            StringAssert.Contains(yaml["pipelineInfo"]!["description"]!.GetValue<string>(), "(version 1.0.1", "the version is in the YAML, not in the images");

            // (c2) The layout deleted, obj kept: the images are made again, under the same fingerprint tags, from the
            // fingerprints the walk record kept (no code walked). The digests may differ: a kept image can carry an older
            // app layer than a new one made from today's files (docs/images.md, Keeping images).
            Directory.Delete(copy.Layout, recursive: true);
            var relaid = copy.Build("--no-restore", "-p:Version=1.0.1", "-v:n").AssertSuccess("layout deleted");
            StringAssert.Contains(relaid.Output, $"Pipelines: {Components.Length} images, {Components.Length} built; 0 fingerprint(s) computed");
            static string Tag(string reference) => reference[..reference.IndexOf('@')];
            foreach (var (component, reference) in copy.Images())
            {
                Assert.AreEqual(Tag(afterHelper[component]), Tag(reference), $"{component}: the same fingerprint tag");
                Assert.IsTrue(File.Exists(copy.Blob(reference[(reference.IndexOf('@') + 1)..])), $"{component}: the pinned image is in the layout again");
            }

            // (d) Trimming off: every image carries every package, so every image is another one, under another tag.
            copy.Build("--no-restore", "-p:PipelineTrimPackages=false").AssertSuccess("trimming off");
            AssertChanged("trimming off", afterHelper, copy.Images(), Components);
            var untrimmed = copy.LayoutLayers();
            foreach (var component in Components)
                CollectionAssert.AreEqual(untrimmed["train"], untrimmed[component], "one set of layers for every component");
        }
        finally { SampleWorkspace.TryDelete(copy.Root); }
    }

    /// <summary>
    /// What a component runs besides the project's code, through real builds of one copy: the base image (a variant of the
    /// test base made here with Pipelines.Images) and a NuGet package that one component uses (a class library made here
    /// and packed at two versions into a folder feed). Another base changes every image, and the original base gives the
    /// original references again; adding or updating the package changes that component's image only, and only its image
    /// carries the package.
    /// </summary>
    [TestMethod]
    public async Task Image_references_change_exactly_with_the_base_image_and_the_packages_each_component_runs()
    {
        var copy = NewCopy();
        // Unique per run: the package folder is shared by every sample build, and NuGet never extracts a version it has again.
        var packageId = "Acme.Rounding.T" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            copy.Build().AssertSuccess("first build");
            var first = copy.Images();

            // (a) Another base image: the test base with one more layer and a label, made offline into an OCI layout of its own.
            var baseImage = await BaseImage.FromOciLayoutAsync(TestEnvironment.BaseLayout);
            var variant = new ImageBuilder(new BlobCache(Path.Combine(copy.Root, "variant-cache"))).Build(new ImageSpec
            {
                Repository = "pipelines-test/dotnet-runtime",
                Tags = ["10.0-patched"],
                Layers = [new LayerInput("patch", [LayerEntry.FromBytes("patched\n"u8.ToArray(), "/etc/pipelines-test-patch")])],
                Labels = new Dictionary<string, string> { ["org.example.patch"] = "1" },
                User = null,
                WorkingDirectory = null,
            }, baseImage);
            var variantLayout = Path.Combine(copy.Root, "variant-base");
            await new OciImageLayout(variantLayout).AddAsync(variant);
            Assert.AreNotEqual(baseImage.ConfigDigest, variant.ConfigDigest);

            var rebased = copy.Build("--no-restore", $"-p:PipelineBaseImage=oci:{variantLayout}").AssertSuccess("another base image");
            var onVariant = copy.Images();
            AssertChanged("the base image", first, onVariant, Components);
            var variantLayers = variant.Layers.Select(l => l.Digest).ToArray();
            foreach (var (component, layers) in copy.LayoutLayers())
            {
                StringAssert.Contains(rebased.Output, $"image {component} -> {onVariant[component]} (changed: base image config)");
                CollectionAssert.AreEqual(variantLayers, layers[..variantLayers.Length], $"{component} is built on the new base");
            }

            // (b) Back to the original base: the original references. The layout holds only the images the last YAML pins, so
            // they are built again (from the layer cache), to the same bytes.
            var restored = copy.Build("--no-restore").AssertSuccess("the original base again");
            CollectionAssert.AreEqual(first.OrderBy(p => p.Key).ToList(), copy.Images().OrderBy(p => p.Key).ToList(), "the original base, the original references");
            foreach (var component in Components)
                StringAssert.Contains(restored.Output, $"image {component} -> {first[component]} (changed: base image config)");

            // The package: a one-method class library, packed at 1.0.0 and, with another body, at 1.0.1 into a folder feed
            // that the copy's nuget.config maps this package id to.
            var feed = Path.Combine(copy.Root, "acme-feed");
            var library = Path.Combine(copy.Root, "acme", "Acme.Rounding");
            Directory.CreateDirectory(library);
            File.WriteAllText(Path.Combine(library, "Acme.Rounding.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <PackageId>{packageId}</PackageId>
                    <AssemblyName>Acme.Rounding</AssemblyName>
                  </PropertyGroup>
                </Project>
                """);
            byte[] Pack(string version, int digits)
            {
                File.WriteAllText(Path.Combine(library, "Rounder.cs"),
                    $"namespace Acme.Rounding;\n\npublic static class Rounder\n{{\n    public static double Round(double value) => System.Math.Round(value, {digits});\n}}\n");
                DotnetCli.Run("dotnet", ["pack", library, "-o", feed, $"-p:Version={version}", "-nologo"], copy.Root).AssertSuccess($"pack {packageId} {version}");
                using var package = ZipFile.OpenRead(Path.Combine(feed, $"{packageId}.{version}.nupkg"));
                using var dll = package.GetEntry("lib/net10.0/Acme.Rounding.dll")!.Open();
                using var bytes = new MemoryStream();
                dll.CopyTo(bytes);
                return bytes.ToArray();
            }
            var v100 = Pack("1.0.0", 3);
            var v101 = Pack("1.0.1", 4);
            Assert.IsFalse(v100.AsSpan().SequenceEqual(v101), "the two versions' assemblies differ");
            SampleWorkspace.AddPackageSource(copy.Root, "acme", feed, packageId);

            // (c) evaluate starts using the package.
            const string csproj = "ChurnPrediction.Pipeline/ChurnPrediction.Pipeline.csproj";
            const string mlReference = "<PackageReference Include=\"Microsoft.ML\" Version=\"5.0.1\" />";
            Edit(copy, csproj, mlReference, $"{mlReference}\n    <PackageReference Include=\"{packageId}\" Version=\"1.0.0\" />");
            Edit(copy, "ChurnPrediction.Pipeline/ModelSteps.cs", "metrics.Log(\"majority_baseline\", Math.Round(baseline, 4));",
                "metrics.Log(\"majority_baseline\", Acme.Rounding.Rounder.Round(baseline));");
            copy.Build("-p:PipelineExplainFingerprint=true").AssertSuccess("package added");
            var added = copy.Images();
            AssertChanged("a package evaluate uses, added", first, added, ["evaluate"]);
            var explained = Path.Combine(copy.ProjectDir, "obj", "Debug", "net10.0", "pipelines", "fingerprints");
            Assert.IsTrue(File.ReadAllText(Path.Combine(explained, "evaluate.txt")).Contains($"  package {packageId}/1.0.0\n", StringComparison.Ordinal),
                "evaluate's fingerprint counts the package");
            Assert.IsFalse(File.ReadAllText(Path.Combine(explained, "train.txt")).Contains(packageId, StringComparison.Ordinal), "train does not reach the package");
            AssertCarriesPackage(copy, packageId, "evaluate", v100);

            // (d) The package is updated: the same call, another body inside the package.
            Edit(copy, csproj, $"<PackageReference Include=\"{packageId}\" Version=\"1.0.0\" />", $"<PackageReference Include=\"{packageId}\" Version=\"1.0.1\" />");
            var bumped = copy.Build().AssertSuccess("package updated");
            var updated = copy.Images();
            AssertChanged("the package evaluate uses, updated", added, updated, ["evaluate"]);
            StringAssert.Contains(bumped.Output, $"image evaluate -> {updated["evaluate"]} (changed: ");
            StringAssert.Contains(bumped.Output, $"package {packageId}/1.0.1");
            StringAssert.Contains(bumped.Output, $"image train -> {added["train"]} (unchanged, in the layout)");
            AssertCarriesPackage(copy, packageId, "evaluate", v101);
        }
        finally
        {
            SampleWorkspace.TryDelete(copy.Root);
            SampleWorkspace.TryDelete(Path.Combine(SampleWorkspace.PackagesFolder, packageId.ToLowerInvariant()));
        }
    }

    /// <summary>With trimming, <paramref name="user"/>'s image carries the package's assembly (these bytes) and lists the
    /// package in its .deps.json; no other image has either.</summary>
    private static void AssertCarriesPackage(SampleCopy copy, string packageId, string user, byte[] assembly)
    {
        const string deps = "app/ChurnPrediction.Pipeline.deps.json";
        foreach (var component in Components)
        {
            var files = copy.ImageFiles(component);
            if (component == user)
            {
                Assert.IsTrue(files.TryGetValue("app/Acme.Rounding.dll", out var bytes), $"{component}: {string.Join(", ", files.Keys)}");
                CollectionAssert.AreEqual(assembly, bytes, $"{component} carries this version of the package");
                StringAssert.Contains(Encoding.UTF8.GetString(files[deps]), packageId);
            }
            else
            {
                Assert.IsFalse(files.Keys.Any(f => f.Contains("Acme.Rounding", StringComparison.Ordinal)), $"{component}: {string.Join(", ", files.Keys)}");
                Assert.IsFalse(Encoding.UTF8.GetString(files[deps]).Contains(packageId, StringComparison.Ordinal), $"{component}'s .deps.json");
            }
        }
    }

    private static void Edit(SampleCopy copy, string file, string find, string replace)
    {
        var path = Path.Combine(copy.Root, "ChurnPrediction", file);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.IsTrue(at >= 0, $"'{find}' is in {file}");
        File.WriteAllText(path, text[..at] + replace + text[(at + find.Length)..]);
    }

    private static void AssertChanged(string edit, Dictionary<string, string> before, Dictionary<string, string> after, string[] expected)
    {
        var changed = Components.Where(c => before[c] != after[c]).ToArray();
        CollectionAssert.AreEquivalent(expected, changed, $"{edit}: components whose image reference changed");
    }

    [TestMethod]
    public void Every_component_image_runs_its_component_in_docker_without_network()
    {
        var copy = NewCopy();
        var run = Path.Combine(copy.Root, "run");
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
                var tag = images[component].Split('@')[0];
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
            var accuracy = evaluation["parameterValues"]!["Output"]!.GetValue<double>();
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
                StringAssert.Matches(image, new System.Text.RegularExpressions.Regex($"^{TestEnvironment.Registry}/churnprediction-pipeline/{component}:fp-[0-9a-f]{{16}}@sha256:"));

            var pushed = images["generate-data"];
            var at = pushed.IndexOf('@');
            var byDigest = pushed[..pushed.LastIndexOf(':', at)] + pushed[at..]; // registry/repo@sha256:…, no tag
            Docker("pull", byDigest);
            var list = DotnetCli.Run("docker", ["run", "--rm", "--network", "none", byDigest, "dotnet", "/app/ChurnPrediction.Pipeline.dll", "--list"],
                RepoPaths.Root, TestEnvironment.DockerEnv).AssertSuccess("run pulled image");
            StringAssert.Contains(list.Output, "component generate-data");

            // The registry is the build cache: a clean clone with one component edited builds and pushes that image only;
            // the others are found under their fingerprint tags (a HEAD request) and keep their references.
            var clone = NewCopy();
            try
            {
                var limit = 1_000_000 + Random.Shared.Next(1_000_000); // an edit no earlier run of this test pushed
                Edit(clone, "ChurnPrediction.Pipeline/ModelSteps.cs", "ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);",
                    $"ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);\n        ArgumentOutOfRangeException.ThrowIfGreaterThan(epochs, {limit});");
                var build = clone.Build($"-p:PipelineRegistry={TestEnvironment.Registry}").AssertSuccess("clean clone, one component edited");
                var cloned = clone.Images();
                AssertChanged("one component, in a clean clone", images, cloned, ["train"]);
                StringAssert.Contains(build.Output, "(first build; pushed)");
                foreach (var component in Components.Where(c => c != "train"))
                    StringAssert.Contains(build.Output, $"image {component} -> {images[component]} (unchanged, in the registry)");
                Assert.AreEqual(1, build.Output.Split('\n').Count(l => l.Contains("; pushed)", StringComparison.Ordinal)), "only the edited component's image is pushed");
            }
            finally { SampleWorkspace.TryDelete(clone.Root); }
        }
        finally { SampleWorkspace.TryDelete(copy.Root); }
    }

    /// <summary>Credentials reach the registry and nothing else. A registry whose token challenge names a refused realm
    /// fails the build with PIPE4009 before any credential is sent (its token endpoint sees no request); a push to a
    /// registry that needs credentials succeeds, and the secret is in none of what the build and pack leave behind:
    /// the build log (diagnostic verbosity), YAML, OCI layout, archives, .pipelines.json, obj/, the image cache, the package.</summary>
    [TestMethod]
    public async Task Credentials_reach_only_the_registry_and_appear_in_no_output_and_a_refused_token_realm_fails_the_build()
    {
        const string user = "pipelines", secret = "s3cret-pass";
        const string htpasswdLine = "pipelines:$2y$05$T7HjBDOD/o4ER9flvjY.OuUikq64JfDwfg6wyW0MNOibTL0oVFs6q"; // htpasswd -Bbn pipelines s3cret-pass
        var copy = NewCopy();
        using var dir = new TempDir();
        try
        {
            using var tokens = new TokenService(dir);
            // Loopback and http are fine for a loopback registry; the user info is what makes this realm refused,
            // and without the check the token service here would receive the Basic credentials.
            var realm = $"http://collector@127.0.0.1:{tokens.Port}/token";
            await using var hostile = await RegistryServer.StartAsync($"""
                auth:
                  token:
                    realm: {realm}
                    service: test-registry
                    issuer: test-issuer
                    rootcertbundle: {tokens.CertificatePath}
                """);
            await using var secure = await RegistryServer.StartAsync($"""
                auth:
                  htpasswd:
                    realm: test-realm
                    path: {dir.Write("htpasswd", htpasswdLine + "\n")}
                """);
            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));
            var dockerConfig = dir.Combine("docker");
            Directory.CreateDirectory(dockerConfig);
            File.WriteAllText(Path.Combine(dockerConfig, "config.json"),
                $"{{\"auths\":{{\"{hostile.Address}\":{{\"auth\":\"{auth}\"}},\"{secure.Address}\":{{\"auth\":\"{auth}\"}}}}}}");
            var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = dockerConfig };

            var refused = copy.BuildWith(env, $"-p:PipelineRegistry={hostile.Address}");
            Assert.AreNotEqual(0, refused.ExitCode, refused.Output);
            StringAssert.Contains(refused.Output, "error PIPE4009");
            StringAssert.Contains(refused.Output, realm);
            Assert.AreEqual(0, tokens.Requests, "the refused realm's endpoint never sees a request");
            Assert.IsFalse(File.Exists(Path.Combine(copy.OutDir, "pipelines", "churn-training.yaml")), "no YAML after a failed push");

            var pushed = copy.BuildWith(env, "--no-restore", "-v:diag", "-p:PipelineImageArchive=true", $"-p:PipelineRegistry={secure.Address}")
                .AssertSuccess("push with credentials");
            foreach (var (component, image) in copy.Images())
                StringAssert.Matches(image, new System.Text.RegularExpressions.Regex($"^{secure.Address}/churnprediction-pipeline/{component}:fp-[0-9a-f]{{16}}@sha256:"));
            var packages = Path.Combine(copy.Root, "packages-out");
            var packed = DotnetCli.Run("dotnet", ["pack", Project, "--no-restore", "-o", packages, $"-p:PipelineBaseImage=oci:{TestEnvironment.BaseLayout}",
                $"-p:PipelineImageCacheDirectory={copy.CacheDir}", $"-p:PipelineRegistry={secure.Address}"], copy.Root, env).AssertSuccess("pack with credentials");

            string[] forms = [secret, auth, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))];
            foreach (var form in forms)
            {
                foreach (var (what, text) in new[] { ("build log", refused.Output), ("build log", pushed.Output), ("pack log", packed.Output) })
                    Assert.IsFalse(text.Contains(form, StringComparison.Ordinal), $"{what} holds the secret ({form})");
            }
            var looked = new List<string>();
            foreach (var root in new[] { copy.OutDir, Path.Combine(copy.ProjectDir, "obj"), copy.CacheDir, packages })
            {
                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
                {
                    looked.Add(file);
                    foreach (var (name, bytes) in Contents(file))
                    {
                        foreach (var form in forms)
                            Assert.AreEqual(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)), $"{name} holds the secret ({form})");
                    }
                }
            }
            foreach (var expected in new[] { "churn-training.yaml", "index.json", "ChurnPrediction.Pipeline.pipelines.json", ".nupkg", ".tar" })
                Assert.IsTrue(looked.Any(f => f.EndsWith(expected, StringComparison.Ordinal)), $"a {expected} was searched");
        }
        finally { SampleWorkspace.TryDelete(copy.Root); }
    }

    /// <summary>A file's bytes; for a zip (package) each entry's bytes too, since they are compressed.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Contents(string file)
    {
        var bytes = File.ReadAllBytes(file);
        yield return (file, bytes);
        if (!file.EndsWith(".nupkg", StringComparison.Ordinal))
            yield break;
        using var zip = new ZipArchive(new MemoryStream(bytes));
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            yield return ($"{file}!{entry.FullName}", buffer.ToArray());
        }
    }
}
