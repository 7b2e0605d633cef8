namespace Pipelines.Images.Tests;

/// <summary>The base-image text of <c>PipelineBaseImage</c> leads to the right source.</summary>
[TestClass]
public sealed class BaseImageSpecifierTests
{
    /// <summary>A one-layer image built from scratch, in an OCI layout at <paramref name="folder"/> of <paramref name="dir"/>.</summary>
    private static async Task<(BlobCache Cache, BuiltImage Image, OciImageLayout Layout)> BaseLayoutAsync(TempDir dir, string folder)
    {
        var cache = new BlobCache(dir.Combine("cache"));
        var image = new ImageBuilder(cache, new ImageBuilderOptions { Timestamp = LayerBuilder.DefaultTimestamp })
            .Build(TestImages.Spec("kfp/base", TestImages.App("base")), BaseImage.Scratch());
        var layout = new OciImageLayout(dir.Combine(folder));
        await layout.AddAsync(image);
        return (cache, image, layout);
    }

    [TestMethod]
    public async Task Oci_layout_with_and_without_a_ref_name_archive_and_registry_forms_resolve()
    {
        using var dir = new TempDir();
        // A directory name with a ':' in it: the whole text is the directory when it exists.
        var (cache, image, layout) = await BaseLayoutAsync(dir, "lay:out");
        await DockerArchive.WriteAsync(image, dir.Combine("base.tar"));
        using var client = RegistryTests.Client();

        var whole = await BaseImageSpecifier.ResolveAsync($"oci:{layout.Directory}", client, cache);
        var byRef = await BaseImageSpecifier.ResolveAsync($"  oci:{layout.Directory}:kfp/base:0.1.0 ", client, cache);
        var archive = await BaseImageSpecifier.ResolveAsync($"docker-archive:{dir.Combine("base.tar")}", client, cache);
        Assert.AreEqual(image.ConfigDigest, whole.ConfigDigest);
        Assert.AreEqual(image.ConfigDigest, byRef.ConfigDigest);
        Assert.AreEqual(image.ConfigDigest, archive.ConfigDigest);

        var missingRef = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => BaseImageSpecifier.ResolveAsync($"oci:{layout.Directory}:kfp/nope:1", client, cache));
        Assert.AreEqual(ImageErrorCodes.BaseImageNotFound, missingRef.Code);
        var empty = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => BaseImageSpecifier.ResolveAsync("  ", client, cache));
        Assert.AreEqual(ImageErrorCodes.BadReference, empty.Code);
        var bad = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => BaseImageSpecifier.ResolveAsync("Not A Reference!", client, cache));
        Assert.AreEqual(ImageErrorCodes.BadReference, bad.Code);
        // A prefix with no path (oci:$(Layout) with the property unset) is a bad reference, not a crash.
        // A small file that is not an archive at all.
        File.WriteAllText(dir.Combine("not-a.tar"), "hello");
        var notTar = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => BaseImageSpecifier.ResolveAsync($"docker-archive:{dir.Combine("not-a.tar")}", client, cache));
        Assert.AreEqual(ImageErrorCodes.BadReference, notTar.Code);
        StringAssert.Contains(notTar.Message, "is not a valid tar archive");
        foreach (var noPath in new[] { "oci:", "oci: ", "docker-archive:" })
        {
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => BaseImageSpecifier.ResolveAsync(noPath, client, cache));
            Assert.AreEqual(ImageErrorCodes.BadReference, e.Code, noPath);
            StringAssert.Contains(e.Message, "names no path", noPath);
        }
    }

    /// <summary>A base layout that is valid JSON of the wrong shape is refused with PIPE4007 naming the base, whatever
    /// part is wrong: the index, the manifest, a descriptor's size, the config or its Env.</summary>
    [TestMethod]
    [DataRow("index", "[]")]
    [DataRow("index", "\"hello\"")]
    [DataRow("index size", "565.5")]
    [DataRow("manifest", "[]")]
    [DataRow("config", "[]")]
    [DataRow("config", "{\"rootfs\": \"x\"}")]
    [DataRow("config", "{\"rootfs\": {\"type\": \"layers\", \"diff_ids\": [1, 2]}}")]
    [DataRow("config", "{\"config\": {\"Env\": [1, null]}, \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}}")]
    [DataRow("config", "{\"config\": {\"Env\": \"PATH=/bin\"}, \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}}")]
    public async Task A_base_layout_of_the_wrong_shape_is_PIPE4007_not_a_crash(string part, string json)
    {
        using var dir = new TempDir();
        var (cache, image, layout) = await BaseLayoutAsync(dir, "layout");
        var index = File.ReadAllText(Path.Combine(layout.Directory, "index.json"));
        string Blob(string digest) => Path.Combine(layout.Directory, "blobs", "sha256", digest["sha256:".Length..]);
        string Rewrite(string digest, string content)
        {
            // The new blob under its own digest, and every reference to the old one pointed at it.
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            var newDigest = Digests.Sha256(bytes);
            File.WriteAllBytes(Blob(newDigest), bytes);
            return newDigest;
        }
        switch (part)
        {
            case "index":
                File.WriteAllText(Path.Combine(layout.Directory, "index.json"), json);
                break;
            case "index size":
                File.WriteAllText(Path.Combine(layout.Directory, "index.json"),
                    System.Text.RegularExpressions.Regex.Replace(index, "\"size\":\\s*[0-9]+", "\"size\": " + json));
                break;
            case "manifest":
                var manifest = Rewrite(image.ManifestDigest, json);
                File.WriteAllText(Path.Combine(layout.Directory, "index.json"), index.Replace(image.ManifestDigest, manifest, StringComparison.Ordinal)
                    .Replace($"\"size\": {new FileInfo(Blob(image.ManifestDigest)).Length}", $"\"size\": {json.Length}", StringComparison.Ordinal));
                break;
            case "config":
                var config = Rewrite(image.ConfigDigest, json);
                var manifestText = File.ReadAllText(Blob(image.ManifestDigest))
                    .Replace(image.ConfigDigest, config, StringComparison.Ordinal)
                    .Replace($"\"size\":{image.ConfigBytes.Length},", $"\"size\":{json.Length},", StringComparison.Ordinal)
                    .Replace($"\"size\": {image.ConfigBytes.Length},", $"\"size\": {json.Length},", StringComparison.Ordinal);
                var newManifest = Rewrite(image.ManifestDigest, manifestText);
                File.WriteAllText(Path.Combine(layout.Directory, "index.json"), index.Replace(image.ManifestDigest, newManifest, StringComparison.Ordinal)
                    .Replace($"\"size\": {new FileInfo(Blob(image.ManifestDigest)).Length}", $"\"size\": {manifestText.Length}", StringComparison.Ordinal)
                    .Replace($"\"size\":{new FileInfo(Blob(image.ManifestDigest)).Length}", $"\"size\":{manifestText.Length}", StringComparison.Ordinal));
                break;
        }
        using var client = RegistryTests.Client();

        var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => BaseImageSpecifier.ResolveAsync($"oci:{layout.Directory}", client, cache));
        Assert.AreEqual(ImageErrorCodes.BadReference, e.Code, e.Message);
    }
}
