using System.Text;
using System.Text.Json;

namespace Pipelines.Images.Tests;

[TestClass]
public sealed class ImageBuilderTests
{
    private static readonly ImageBuilderOptions Fixed = new() { Timestamp = LayerBuilder.DefaultTimestamp };

    /// <summary>Two images on a scratch base with the same dependency and helper layers and their own app layer.</summary>
    internal static (BuiltImage Clean, BuiltImage Train) BuildTwo(TempDir dir, BlobCache cache, BaseImage? baseImage = null, string repoPrefix = "kfp")
    {
        var deps = dir.Combine("deps");
        var helpers = dir.Combine("helpers");
        if (!Directory.Exists(deps))
        {
            TestImages.WriteTree(deps, TestImages.DependencyFiles, DateTime.UtcNow, LayerEntry.DefaultFileMode);
            TestImages.WriteTree(helpers, TestImages.HelperFiles, DateTime.UtcNow, LayerEntry.DefaultFileMode);
        }
        var builder = new ImageBuilder(cache, Fixed);
        var b = baseImage ?? BaseImage.Scratch();
        var clean = builder.Build(TestImages.Spec($"{repoPrefix}/clean", TestImages.Dependencies(deps), TestImages.Helpers(helpers), TestImages.App("clean")), b);
        var train = builder.Build(TestImages.Spec($"{repoPrefix}/train", TestImages.Dependencies(deps), TestImages.Helpers(helpers), TestImages.App("train")), b);
        return (clean, train);
    }

    [TestMethod]
    public void BuildingTwiceInSeparateDirectoriesGivesTheSameDigests()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        // Different creation order, mtimes and modes of the source files.
        TestImages.WriteTree(b.Combine("deps"), TestImages.DependencyFiles.Reverse(), new DateTime(1999, 5, 5, 0, 0, 0, DateTimeKind.Utc), (UnixFileMode)0x1FF);
        TestImages.WriteTree(b.Combine("helpers"), TestImages.HelperFiles.Reverse(), new DateTime(1999, 5, 5, 0, 0, 0, DateTimeKind.Utc), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var first = BuildTwo(a, new BlobCache(a.Combine("cache")));
        var second = BuildTwo(b, new BlobCache(b.Combine("cache")));

        foreach (var (x, y) in new[] { (first.Clean, second.Clean), (first.Train, second.Train) })
        {
            Assert.AreEqual(x.ManifestDigest, y.ManifestDigest);
            Assert.AreEqual(x.ConfigDigest, y.ConfigDigest);
            CollectionAssert.AreEqual(x.ManifestBytes, y.ManifestBytes);
            CollectionAssert.AreEqual(x.ConfigBytes, y.ConfigBytes);
            CollectionAssert.AreEqual(x.Layers.Select(l => l.Digest).ToList(), y.Layers.Select(l => l.Digest).ToList());
        }
        // Shared layers are byte-identical across the two component images; the app layers differ.
        Assert.AreEqual(first.Clean.Layers[0].Digest, first.Train.Layers[0].Digest);
        Assert.AreEqual(first.Clean.Layers[1].Digest, first.Train.Layers[1].Digest);
        Assert.AreNotEqual(first.Clean.Layers[2].Digest, first.Train.Layers[2].Digest);
        Assert.AreEqual(Digests.Sha256(first.Clean.ManifestBytes), first.Clean.ManifestDigest);
    }

    [TestMethod]
    public void ConfigAndManifestAreByteStableWithExpectedContent()
    {
        using var dir = new TempDir();
        var (clean, _) = BuildTwo(dir, new BlobCache(dir.Combine("cache")));
        var manifest = Encoding.UTF8.GetString(clean.ManifestBytes);
        var config = Encoding.UTF8.GetString(clean.ConfigBytes);

        StringAssert.StartsWith(manifest, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:");
        Assert.IsFalse(manifest.Contains("\\u002B", StringComparison.Ordinal), "'+' is written as '+'");
        StringAssert.Contains(manifest, "\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\"");

        StringAssert.StartsWith(config, "{\"created\":\"1970-01-01T00:00:01Z\",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"1654\",\"Env\":[\"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1\"],\"WorkingDir\":\"/app\",\"Labels\":{");
        StringAssert.Contains(config, "\"org.opencontainers.image.version\":\"0.1.0+abc\"");
        Assert.IsFalse(config.Contains("Entrypoint", StringComparison.Ordinal));
        Assert.IsFalse(config.Contains("\"Cmd\"", StringComparison.Ordinal));

        using var doc = JsonDocument.Parse(clean.ConfigBytes);
        var diffIds = doc.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(e => e.GetString()).ToList();
        CollectionAssert.AreEqual(clean.Layers.Select(l => l.DiffId).ToList(), diffIds);
        var history = doc.RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("created_by").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "pipelines-images: dependencies layer", "pipelines-images: helpers layer", "pipelines-images: app layer" }, history);

        using var m = JsonDocument.Parse(clean.ManifestBytes);
        Assert.AreEqual(clean.ConfigDigest, m.RootElement.GetProperty("config").GetProperty("digest").GetString());
        Assert.AreEqual(clean.ConfigBytes.Length, m.RootElement.GetProperty("config").GetProperty("size").GetInt32());
        Assert.AreEqual(3, m.RootElement.GetProperty("layers").GetArrayLength());
    }

    [TestMethod]
    public void PruneKeepsTheNamedImagesAndDeletesOnlyBlobsNothingReferences()
    {
        using var dir = new TempDir();
        var (clean, train) = BuildTwo(dir, new BlobCache(dir.Combine("cache")));
        var layout = new OciImageLayout(dir.Combine("layout"));
        layout.AddAsync(clean).GetAwaiter().GetResult();
        layout.AddAsync(train).GetAwaiter().GetResult();

        var (blobs, bytes) = layout.PruneAsync(["kfp/clean:0.1.0"]).GetAwaiter().GetResult();

        // train's own app layer, config and manifest go; the shared layers stay for clean.
        Assert.AreEqual(3, blobs);
        Assert.IsGreaterThan(0L, bytes);
        var index = layout.ReadIndex();
        Assert.HasCount(1, index);
        Assert.AreEqual(clean.ManifestDigest, index[0].Digest);
        var left = Directory.GetFiles(dir.Combine("layout", "blobs", "sha256")).Select(f => "sha256:" + Path.GetFileName(f)).ToHashSet();
        CollectionAssert.AreEquivalent(clean.Layers.Select(l => l.Digest).Append(clean.ConfigDigest).Append(clean.ManifestDigest).ToList(), left.ToList());
        // The pruned layout still reads back as a complete image.
        Assert.AreEqual(clean.ConfigDigest, BaseImage.FromOciLayoutAsync(layout.Directory, "kfp/clean:0.1.0").GetAwaiter().GetResult().ConfigDigest);
        Assert.AreEqual((0, 0L), layout.PruneAsync(["kfp/clean:0.1.0"]).GetAwaiter().GetResult(), "nothing more to prune");
    }

    [TestMethod]
    public void OciLayoutStoresSharedBlobsOnceAndIndexesEveryImage()
    {
        using var dir = new TempDir();
        var (clean, train) = BuildTwo(dir, new BlobCache(dir.Combine("cache")));
        var layout = new OciImageLayout(dir.Combine("layout"));
        layout.AddAsync(clean).GetAwaiter().GetResult();
        layout.AddAsync(train).GetAwaiter().GetResult();

        var blobs = Directory.GetFiles(dir.Combine("layout", "blobs", "sha256")).Select(Path.GetFileName).ToList();
        // 2 shared layers + 2 app layers + 2 configs + 2 manifests.
        Assert.HasCount(8, blobs);
        foreach (var blob in Directory.GetFiles(dir.Combine("layout", "blobs", "sha256")))
        {
            Assert.AreEqual("sha256:" + Path.GetFileName(blob), Digests.Sha256File(blob), "each blob hashes to its name");
        }
        Assert.AreEqual("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(dir.Combine("layout", "oci-layout")));
        Assert.IsFalse(Directory.Exists(dir.Combine("layout", ".tmp")), "no temporary files left behind");

        var index = layout.ReadIndex();
        Assert.HasCount(2, index);
        Assert.AreEqual("kfp/clean:0.1.0", index[0].Annotations![OciAnnotations.RefName]);
        Assert.AreEqual(clean.ManifestDigest, index[0].Digest);
        Assert.AreEqual("kfp/train:0.1.0", index[1].Annotations![OciAnnotations.RefName]);
        Assert.AreEqual("kfp/train:0.1.0", index[1].Annotations![OciAnnotations.ContainerdImageName]);
        Assert.AreEqual(Platform.LinuxAmd64, index[1].Platform);

        // Re-adding an image replaces its entry instead of duplicating it; the index bytes are stable.
        var before = File.ReadAllBytes(dir.Combine("layout", "index.json"));
        layout.AddAsync(clean).GetAwaiter().GetResult();
        CollectionAssert.AreEqual(before, File.ReadAllBytes(dir.Combine("layout", "index.json")));

        // The layout reads back as a base image, by ref name.
        var back = BaseImage.FromOciLayoutAsync(layout.Directory, "kfp/train:0.1.0").GetAwaiter().GetResult();
        Assert.AreEqual(train.ConfigDigest, back.ConfigDigest);
        CollectionAssert.AreEqual(train.Layers.Select(l => l.Digest).ToList(), back.Layers.Select(l => l.Digest).ToList());
        var missing = Assert.ThrowsExactly<ImageBuildException>(() => BaseImage.FromOciLayoutAsync(layout.Directory, "kfp/nope:1").GetAwaiter().GetResult());
        Assert.AreEqual(ImageErrorCodes.BaseImageNotFound, missing.Code);
        var ambiguous = Assert.ThrowsExactly<ImageBuildException>(() => BaseImage.FromOciLayoutAsync(layout.Directory).GetAwaiter().GetResult());
        Assert.AreEqual(ImageErrorCodes.BaseImageNotFound, ambiguous.Code);
    }

    [TestMethod]
    public void BaseFromOciLayoutKeepsBaseLayersAndDetectsCorruption()
    {
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        // A tiny base: one layer with a file, written as an OCI layout.
        var baseBuilt = new ImageBuilder(cache, Fixed).Build(new ImageSpec
        {
            Repository = "tiny/base",
            Tags = ["1"],
            Layers = [new LayerInput("os", [LayerEntry.FromBytes("tiny\n"u8.ToArray(), "/etc/base-release")])],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            User = null,
            WorkingDirectory = null,
        }, BaseImage.Scratch());
        var layout = new OciImageLayout(dir.Combine("base-layout"));
        layout.AddAsync(baseBuilt).GetAwaiter().GetResult();

        var baseImage = BaseImage.FromOciLayoutAsync(layout.Directory).GetAwaiter().GetResult();
        Assert.AreEqual(baseBuilt.ManifestDigest, baseImage.ManifestDigest);
        var (clean, train) = BuildTwo(dir, cache, baseImage);
        Assert.HasCount(4, clean.Layers);
        Assert.AreEqual(baseBuilt.Layers[0].Digest, clean.Layers[0].Digest);
        Assert.IsTrue(clean.Layers[0].IsBaseLayer);
        var config = Encoding.UTF8.GetString(clean.ConfigBytes);
        StringAssert.Contains(config, "\"Env\":[\"PATH=/usr/bin:/bin\",\"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1\"]");

        var output = new OciImageLayout(dir.Combine("out"));
        output.AddAsync(clean).GetAwaiter().GetResult();
        output.AddAsync(train).GetAwaiter().GetResult();
        Assert.IsTrue(File.Exists(output.BlobPath(baseBuilt.Layers[0].Digest)), "base layer copied into the output layout");
        Assert.HasCount(9, Directory.GetFiles(dir.Combine("out", "blobs", "sha256")));

        // A corrupt base blob in the source layout is caught when it is read.
        File.WriteAllText(layout.BlobPath(baseBuilt.Layers[0].Digest), "corrupt");
        var corrupt = BaseImage.FromOciLayoutAsync(layout.Directory).GetAwaiter().GetResult();
        var rebuilt = new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/other", TestImages.App("other")), corrupt);
        var e = Assert.ThrowsExactly<ImageBuildException>(() => new OciImageLayout(dir.Combine("out2")).AddAsync(rebuilt).GetAwaiter().GetResult());
        Assert.AreEqual(ImageErrorCodes.DigestMismatch, e.Code);
        StringAssert.Contains(e.Message, baseBuilt.Layers[0].Digest);
        Assert.IsFalse(File.Exists(dir.Combine("out2", "index.json")), "a failed write never leaves an index naming missing blobs");

        // Same for an existing layout that lacks the blob: its index keeps the old images only.
        var existing = new OciImageLayout(dir.Combine("out3"));
        existing.AddAsync(new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/ok", TestImages.App("ok")), BaseImage.Scratch())).GetAwaiter().GetResult();
        var before = File.ReadAllBytes(dir.Combine("out3", "index.json"));
        Assert.ThrowsExactly<ImageBuildException>(() => existing.AddAsync(rebuilt).GetAwaiter().GetResult());
        CollectionAssert.AreEqual(before, File.ReadAllBytes(dir.Combine("out3", "index.json")));
        Assert.HasCount(1, existing.ReadIndex());
    }

    [TestMethod]
    public void BaseFromLegacyDockerArchive()
    {
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        var archive = TestImages.WriteLegacyDockerArchive(dir.Path);
        var baseImage = BaseImage.FromArchiveAsync(archive, cache).GetAwaiter().GetResult();
        Assert.HasCount(1, baseImage.Layers);
        Assert.AreEqual(MediaTypes.OciLayer, baseImage.Layers[0].MediaType, "uncompressed layer kept as is");
        Assert.AreEqual(baseImage.Layers[0].DiffId, baseImage.Layers[0].Digest);
        Assert.AreEqual(baseImage.Layers[0].Digest, BaseImage.FromArchiveAsync(archive, cache, "example.com/tiny/base:1").GetAwaiter().GetResult().Layers[0].Digest);
        Assert.AreEqual(ImageErrorCodes.BaseImageNotFound,
            Assert.ThrowsExactly<ImageBuildException>(() => BaseImage.FromArchiveAsync(archive, cache, "example.com/tiny/base:2").GetAwaiter().GetResult()).Code);

        var image = new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/clean", TestImages.App("clean")), baseImage);
        var config = Encoding.UTF8.GetString(image.ConfigBytes);
        Assert.IsFalse(config.Contains("Entrypoint", StringComparison.Ordinal), "the base's entrypoint is dropped");
        Assert.IsFalse(config.Contains("\"Cmd\"", StringComparison.Ordinal), "the base's cmd is dropped");
        StringAssert.Contains(config, "\"ExposedPorts\":{\"8080/tcp\":{}}");
        StringAssert.Contains(config, "\"base.label\":\"yes\"");
        StringAssert.Contains(config, "\"org.opencontainers.image.version\":\"0.1.0+abc\"", "caller labels override the base's");
        StringAssert.Contains(config, "{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"ADD base\"}");
        Assert.AreEqual(2, image.Layers.Count);
    }

    [TestMethod]
    public void DockerArchiveIsDeterministicHybridAndReadsBackAsBase()
    {
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        var baseImage = BaseImage.FromArchiveAsync(TestImages.WriteLegacyDockerArchive(dir.Path), cache).GetAwaiter().GetResult();
        var (clean, _) = BuildTwo(dir, cache, baseImage);
        var first = dir.Combine("a", "clean.tar");
        var second = dir.Combine("b", "clean.tar");
        DockerArchive.WriteAsync(clean, first).GetAwaiter().GetResult();
        DockerArchive.WriteAsync(clean, second).GetAwaiter().GetResult();
        CollectionAssert.AreEqual(File.ReadAllBytes(first), File.ReadAllBytes(second), "same image, same archive bytes");

        using var stream = File.OpenRead(first);
        var entries = TestImages.ReadTar(stream);
        var names = entries.Select(e => e.Entry.Name).ToList();
        CollectionAssert.AreEqual(names.Order(StringComparer.Ordinal).ToList(), names);
        CollectionAssert.IsSubsetOf(new[] { "blobs/", "blobs/sha256/", "index.json", "manifest.json", "oci-layout" }, names);
        using var manifest = JsonDocument.Parse(entries.Single(e => e.Entry.Name == "manifest.json").Data);
        var item = manifest.RootElement[0];
        Assert.AreEqual("blobs/sha256/" + clean.ConfigDigest[7..], item.GetProperty("Config").GetString());
        Assert.AreEqual("kfp/clean:0.1.0", item.GetProperty("RepoTags")[0].GetString());
        CollectionAssert.AreEqual(clean.Layers.Select(l => "blobs/sha256/" + l.Digest[7..]).ToList(),
            item.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()).ToList());
        foreach (var layerPath in item.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()!))
        {
            Assert.IsTrue(names.Contains(layerPath), $"{layerPath} is in the archive");
        }
        using var index = JsonDocument.Parse(entries.Single(e => e.Entry.Name == "index.json").Data);
        var descriptor = index.RootElement.GetProperty("manifests")[0];
        Assert.AreEqual(clean.ManifestDigest, descriptor.GetProperty("digest").GetString());
        Assert.AreEqual("0.1.0", descriptor.GetProperty("annotations").GetProperty(OciAnnotations.RefName).GetString());
        Assert.AreEqual("docker.io/kfp/clean:0.1.0", descriptor.GetProperty("annotations").GetProperty(OciAnnotations.ContainerdImageName).GetString());

        // Our own archive (newer OCI-in-docker form) is a valid base.
        var roundTrip = BaseImage.FromArchiveAsync(first, new BlobCache(dir.Combine("cache2"))).GetAwaiter().GetResult();
        Assert.AreEqual(clean.ConfigDigest, roundTrip.ConfigDigest);
        Assert.AreEqual(clean.ManifestDigest, roundTrip.ManifestDigest);
        CollectionAssert.AreEqual(clean.Layers.Select(l => l.Digest).ToList(), roundTrip.Layers.Select(l => l.Digest).ToList());
    }

    [TestMethod]
    public void EntrypointAndCmdOnlyWhenGiven()
    {
        using var dir = new TempDir();
        var image = new ImageBuilder(new BlobCache(dir.Combine("cache")), Fixed).Build(new ImageSpec
        {
            Repository = "kfp/x",
            Entrypoint = ["/app/run.sh"],
            Cmd = ["--help"],
            User = "1000:1000",
        }, BaseImage.Scratch());
        var config = Encoding.UTF8.GetString(image.ConfigBytes);
        StringAssert.Contains(config, "\"User\":\"1000:1000\"");
        StringAssert.Contains(config, "\"Entrypoint\":[\"/app/run.sh\"],\"Cmd\":[\"--help\"]");
        Assert.AreEqual(ImageErrorCodes.BadReference, Assert.ThrowsExactly<ImageBuildException>(() =>
            new ImageBuilder(new BlobCache(dir.Combine("cache")), Fixed).Build(new ImageSpec { Repository = "Bad/Repo" }, BaseImage.Scratch())).Code);
    }
}
