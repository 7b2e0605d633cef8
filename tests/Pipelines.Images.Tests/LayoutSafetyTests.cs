namespace Pipelines.Images.Tests;

/// <summary>Reusing what earlier builds left is safe: a layout blob with the right size and wrong bytes is repaired,
/// what interrupted writes left is removed, builds sharing a layout take turns, and pruning keeps what YAML pins.</summary>
[TestClass]
public sealed class LayoutSafetyTests
{
    [TestMethod]
    public async Task A_layout_blob_with_the_right_size_and_wrong_bytes_is_written_again_once_per_build()
    {
        using var dir = new TempDir();
        var (clean, _) = ImageBuilderTests.BuildTwo(dir, new BlobCache(dir.Combine("cache")));
        await new OciImageLayout(dir.Combine("layout")).AddAsync(clean);
        var app = clean.Layers[^1];
        var path = new OciImageLayout(dir.Combine("layout")).BlobPath(app.Digest);
        ChangeKeepingSize(path);

        var nextBuild = new OciImageLayout(dir.Combine("layout"));
        await nextBuild.AddAsync(clean);

        CollectionAssert.AreEqual(new[] { app.Digest }, nextBuild.RepairedBlobs.ToArray());
        Assert.AreEqual(app.Digest, Digests.Sha256File(path));
        var again = new OciImageLayout(dir.Combine("layout"));
        await again.AddAsync(clean);
        Assert.IsEmpty(again.RepairedBlobs, "a sound layout needs no repair");
    }

    [TestMethod]
    public async Task An_image_is_whole_only_while_every_blob_is_there_with_its_bytes()
    {
        using var dir = new TempDir();
        var (clean, _) = ImageBuilderTests.BuildTwo(dir, new BlobCache(dir.Combine("cache")));
        var layout = new OciImageLayout(dir.Combine("layout"));
        await layout.AddAsync(clean);
        Assert.IsTrue(new OciImageLayout(layout.Directory).HasImage(clean.ManifestDigest));
        Assert.IsFalse(layout.HasImage("sha256:" + new string('0', 64)), "not in the layout");

        var app = clean.Layers[^1];
        ChangeKeepingSize(layout.BlobPath(app.Digest));
        var nextBuild = new OciImageLayout(layout.Directory);

        Assert.IsFalse(nextBuild.HasImage(clean.ManifestDigest));
        CollectionAssert.AreEqual(new[] { app.Digest }, nextBuild.RepairedBlobs.ToArray());
        Assert.IsFalse(File.Exists(layout.BlobPath(app.Digest)), "a bad blob is not left for a later build to trust");
        await nextBuild.AddAsync(clean);
        Assert.IsTrue(new OciImageLayout(layout.Directory).HasImage(clean.ManifestDigest), "written again: whole");
        File.Delete(layout.BlobPath(clean.Layers[0].Digest));
        Assert.IsFalse(new OciImageLayout(layout.Directory).HasImage(clean.ManifestDigest), "a missing layer");
    }

    [TestMethod]
    public void Temporary_files_of_interrupted_writes_are_removed_and_young_cache_temporaries_are_kept()
    {
        using var dir = new TempDir();
        var layout = new OciImageLayout(dir.Combine("layout"));
        var layoutTemp = dir.Write("layout/.tmp/0123abcd", "half a blob");
        var archiveTemp = dir.Write("archives/.train.tar.0123abcd.tmp", "half an archive");
        var archive = dir.Write("archives/train.tar", "a whole archive");
        var cache = new BlobCache(dir.Combine("cache"));
        var oldTemp = dir.Write("cache/tmp/old", "interrupted download");
        File.SetLastWriteTimeUtc(oldTemp, DateTime.UtcNow.AddDays(-2));
        var youngTemp = dir.Write("cache/tmp/young", "a download in progress elsewhere");

        layout.RemoveStaleTemporaryFiles();
        DockerArchive.RemoveStaleTemporaryFiles(dir.Combine("archives"));
        var removed = cache.RemoveStaleTemporaryFiles(TimeSpan.FromHours(6));

        Assert.IsFalse(File.Exists(layoutTemp));
        Assert.IsFalse(File.Exists(archiveTemp));
        Assert.IsTrue(File.Exists(archive));
        Assert.AreEqual(1, removed);
        Assert.IsFalse(File.Exists(oldTemp));
        Assert.IsTrue(File.Exists(youngTemp));
    }

    [TestMethod]
    public async Task A_second_holder_of_a_layout_lock_waits_says_so_and_gives_up_with_PIPE4010()
    {
        using var dir = new TempDir();
        var layout = dir.Combine("out", "images");
        var messages = new List<string>();
        using (var first = await DirectoryLock.AcquireAsync(layout, TimeSpan.FromSeconds(5)))
        {
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
                DirectoryLock.AcquireAsync(layout, TimeSpan.FromMilliseconds(700), messages.Add));
            Assert.AreEqual(ImageErrorCodes.Locked, e.Code);
            StringAssert.Contains(e.Message, first.Path);
            Assert.HasCount(1, messages);
            StringAssert.Contains(messages[0], "waiting for another build");

            // Released while the second one waits: it then gets the lock.
            var waiting = DirectoryLock.AcquireAsync(layout, TimeSpan.FromSeconds(10));
            await Task.Delay(300);
            Assert.IsFalse(waiting.IsCompleted);
            first.Dispose();
            using var second = await waiting;
            Assert.AreEqual(first.Path, second.Path);
        }
        Assert.IsFalse(Directory.Exists(layout), "the lock lives beside the layout, not in it");
    }

    [TestMethod]
    public async Task A_lock_that_cannot_be_created_is_an_IO_error_at_once_not_a_wait()
    {
        // /proc takes no new files, even from root: creating the lock fails, and no other build is there to wait for.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
            DirectoryLock.AcquireAsync("/proc/pipelines-no-such-layout", TimeSpan.FromSeconds(30)));
        Assert.AreEqual(ImageErrorCodes.DiskFullOrIO, e.Code);
        StringAssert.Contains(e.Message, "/proc/pipelines-no-such-layout.lock");
        Assert.IsLessThan(10, started.Elapsed.TotalSeconds, "it did not wait for the timeout");
    }

    [TestMethod]
    public async Task Pruning_to_the_pinned_manifests_keeps_them_and_removes_the_rest()
    {
        using var dir = new TempDir();
        var (clean, train) = ImageBuilderTests.BuildTwo(dir, new BlobCache(dir.Combine("cache")));
        var layout = new OciImageLayout(dir.Combine("layout"));
        await layout.AddAsync(clean);
        await layout.AddAsync(train);

        var (blobs, _) = await layout.PruneToManifestsAsync([train.ManifestDigest]);

        Assert.AreEqual(3, blobs, "clean's app layer, config and manifest");
        Assert.AreEqual(train.ManifestDigest, layout.ReadIndex().Single().Digest);
        Assert.AreEqual(train.ConfigDigest, (await BaseImage.FromOciLayoutAsync(layout.Directory)).ConfigDigest);
    }

    /// <summary>A build of N images writes <c>index.json</c> once (issue 10: once per image made the image step grow with N squared),
    /// and the index it writes is the one adding the images one by one gives.</summary>
    [TestMethod]
    public async Task Adding_many_images_writes_the_index_once_and_the_same_index_as_adding_them_one_by_one()
    {
        using var dir = new TempDir();
        var (clean, train) = ImageBuilderTests.BuildTwo(dir, new BlobCache(dir.Combine("cache")));
        var oneByOne = new OciImageLayout(dir.Combine("one-by-one"));
        await oneByOne.AddAsync(clean);
        await oneByOne.AddAsync(train);
        Assert.AreEqual(2, oneByOne.IndexWrites);

        var batch = new OciImageLayout(dir.Combine("batch"));
        var descriptors = await batch.AddAllAsync([clean, train]);

        Assert.AreEqual(1, batch.IndexWrites);
        CollectionAssert.AreEqual(new[] { clean.ManifestDigest, train.ManifestDigest }, descriptors.Select(d => d.Digest).ToArray());
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(oneByOne.Directory, "index.json")), File.ReadAllBytes(Path.Combine(batch.Directory, "index.json")));
        foreach (var image in new[] { clean, train })
        {
            foreach (var digest in image.Layers.Select(l => l.Digest).Append(image.ConfigDigest).Append(image.ManifestDigest))
                Assert.AreEqual(digest, Digests.Sha256File(batch.BlobPath(digest)), "every blob the index names is in place");
        }

        // Nothing to add: the index is left alone. Adding again replaces the entries under the same names.
        await batch.AddAllAsync([]);
        await batch.AddAllAsync([train]);
        Assert.AreEqual(2, batch.IndexWrites);
        Assert.HasCount(2, batch.ReadIndex());
    }

    /// <summary>A torn copy or a disk error as the layout sees it: the right size, other bytes.</summary>
    private static void ChangeKeepingSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }
}
