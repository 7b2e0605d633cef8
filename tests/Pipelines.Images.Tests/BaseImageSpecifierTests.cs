namespace Pipelines.Images.Tests;

/// <summary>The base-image text of <c>PipelineBaseImage</c> leads to the right source.</summary>
[TestClass]
public sealed class BaseImageSpecifierTests
{
    [TestMethod]
    public async Task Oci_layout_with_and_without_a_ref_name_archive_and_registry_forms_resolve()
    {
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        var image = new ImageBuilder(cache, new ImageBuilderOptions { Timestamp = LayerBuilder.DefaultTimestamp })
            .Build(TestImages.Spec("kfp/base", TestImages.App("base")), BaseImage.Scratch());
        // A directory name with a ':' in it: the whole text is the directory when it exists.
        var layout = new OciImageLayout(dir.Combine("lay:out"));
        await layout.AddAsync(image);
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
        foreach (var noPath in new[] { "oci:", "oci: ", "docker-archive:" })
        {
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => BaseImageSpecifier.ResolveAsync(noPath, client, cache));
            Assert.AreEqual(ImageErrorCodes.BadReference, e.Code, noPath);
            StringAssert.Contains(e.Message, "names no path", noPath);
        }
    }
}
