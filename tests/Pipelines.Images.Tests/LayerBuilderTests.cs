using System.Diagnostics;
using System.Formats.Tar;
using System.Text;

namespace Pipelines.Images.Tests;

[TestClass]
public sealed class LayerBuilderTests
{
    private static readonly DateTimeOffset Epoch1 = LayerBuilder.DefaultTimestamp;

    private static BuiltLayer BuildFromTree(TempDir dir, (string, string)[] files, DateTime mtime, UnixFileMode mode, bool reverse)
    {
        var src = dir.Combine("src");
        TestImages.WriteTree(src, reverse ? files.Reverse() : files, mtime, mode);
        var builder = new LayerBuilder(new BlobCache(dir.Combine("cache")), new LayerBuilderOptions { Timestamp = Epoch1 });
        return builder.Build(LayerInput.FromDirectory("dependencies", src, "/app", rel => rel.EndsWith(".so", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void SameInputsGiveIdenticalBlobsWhateverMtimeOrderAndModes()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var first = BuildFromTree(a, TestImages.DependencyFiles, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            UnixFileMode.UserRead | UnixFileMode.UserWrite, reverse: false);
        var second = BuildFromTree(b, TestImages.DependencyFiles, DateTime.UtcNow,
            (UnixFileMode)0x1FF /* 0777, as with umask 000 */, reverse: true);

        Assert.IsFalse(first.FromCache);
        Assert.IsFalse(second.FromCache);
        Assert.AreEqual(first.DiffId, second.DiffId);
        Assert.AreEqual(first.Digest, second.Digest);
        Assert.AreEqual(first.Size, second.Size);
        CollectionAssert.AreEqual(File.ReadAllBytes(first.BlobPath), File.ReadAllBytes(second.BlobPath));
        Assert.AreEqual(first.Digest, Digests.Sha256File(first.BlobPath), "digest is the sha256 of the gzip blob");
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(first.BlobPath), System.IO.Compression.CompressionMode.Decompress))
        {
            Assert.AreEqual(first.DiffId, Digests.Sha256(gz), "diffID is the sha256 of the uncompressed tar");
        }
    }

    [TestMethod]
    public void EntriesAreSortedRootOwnedWithFixedModesAndMtime()
    {
        using var dir = new TempDir();
        var layer = BuildFromTree(dir, TestImages.DependencyFiles, DateTime.UtcNow, (UnixFileMode)0x1FF, reverse: true);
        var entries = TestImages.ReadLayer(layer.BlobPath);
        var names = entries.Select(e => e.Entry.Name).ToList();
        CollectionAssert.AreEqual(new[]
        {
            "app/", "app/Newtonsoft.Json.dll", "app/YamlDotNet.dll", "app/runtimes/", "app/runtimes/linux-x64/",
            "app/runtimes/linux-x64/native/", "app/runtimes/linux-x64/native/libfoo.so",
        }, names);
        foreach (var (entry, data) in entries)
        {
            Assert.AreEqual(TarEntryFormat.Ustar, entry.Format, $"{entry.Name}: plain ustar, no PAX header needed");
            Assert.AreEqual(0, entry.Uid);
            Assert.AreEqual(0, entry.Gid);
            var ustar = (UstarTarEntry)entry;
            Assert.AreEqual("", ustar.UserName);
            Assert.AreEqual("", ustar.GroupName);
            Assert.AreEqual(Epoch1, entry.ModificationTime);
            var expected = entry.EntryType == TarEntryType.Directory || entry.Name.EndsWith(".so", StringComparison.Ordinal)
                ? LayerEntry.ExecutableMode : LayerEntry.DefaultFileMode;
            Assert.AreEqual(expected, entry.Mode, entry.Name);
        }
        Assert.AreEqual(new string('n', 5000), Encoding.UTF8.GetString(entries.Single(e => e.Entry.Name == "app/Newtonsoft.Json.dll").Data));
    }

    [TestMethod]
    public void GzipHeaderHasNoNameAndZeroMtime()
    {
        using var dir = new TempDir();
        var layer = BuildFromTree(dir, TestImages.HelperFiles, DateTime.UtcNow, LayerEntry.DefaultFileMode, reverse: false);
        var header = File.ReadAllBytes(layer.BlobPath)[..10];
        // ID1 ID2 CM=deflate FLG=0 (no FNAME/FCOMMENT/FEXTRA) MTIME=0 XFL=0 OS=255
        CollectionAssert.AreEqual(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }, header);
    }

    [TestMethod]
    public void UnchangedLayerIsReusedFromTheCacheWithoutRecompressing()
    {
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        var builder = new LayerBuilder(cache, new LayerBuilderOptions { Timestamp = Epoch1 });
        var input = TestImages.App("clean");
        var first = builder.Build(input);
        var writeTime = File.GetLastWriteTimeUtc(first.BlobPath);
        var second = builder.Build(TestImages.App("clean"));
        Assert.IsFalse(first.FromCache);
        Assert.IsTrue(second.FromCache);
        Assert.AreEqual(first.Digest, second.Digest);
        Assert.AreEqual(writeTime, File.GetLastWriteTimeUtc(second.BlobPath));

        // A corrupt cached blob is detected and rebuilt (to the same digest, on the same zlib).
        File.WriteAllText(first.BlobPath, "corrupt");
        var third = new LayerBuilder(new BlobCache(cache.Root), new LayerBuilderOptions { Timestamp = Epoch1 }).Build(input);
        Assert.IsFalse(third.FromCache);
        Assert.AreEqual(first.Digest, third.Digest);
        Assert.AreEqual(first.Digest, Digests.Sha256File(third.BlobPath));
    }

    [TestMethod]
    public void LongAndNonAsciiPathsUsePaxWithAConstantHeaderName()
    {
        using var dir = new TempDir();
        var deep = string.Join('/', Enumerable.Range(0, 12).Select(i => $"dir{i:D2}xxxxx")); // ~155 chars: ustar prefix split
        var longName = new string('f', 120) + ".dll";                                   // name part > 100: PAX
        var input = new LayerInput("odd",
        [
            LayerEntry.FromBytes("a"u8.ToArray(), $"/app/{deep}/short.dll"),
            LayerEntry.FromBytes("b"u8.ToArray(), $"/app/{longName}"),
            LayerEntry.FromBytes("c"u8.ToArray(), "/app/données/é.txt"),
            LayerEntry.Symlink("/app/link", "/app/" + new string('t', 150)),
        ]);
        var layer = new LayerBuilder(new BlobCache(dir.Combine("cache")), new LayerBuilderOptions { Timestamp = Epoch1 }).Build(input);
        var entries = TestImages.ReadLayer(layer.BlobPath);
        var byName = entries.ToDictionary(e => e.Entry.Name, e => e.Entry);
        Assert.AreEqual(TarEntryFormat.Ustar, byName[$"app/{deep}/short.dll"].Format, "split into prefix/name, no PAX");
        Assert.AreEqual(TarEntryFormat.Pax, byName[$"app/{longName}"].Format);
        Assert.AreEqual(TarEntryFormat.Pax, byName["app/données/é.txt"].Format);
        Assert.AreEqual(TarEntryFormat.Pax, byName["app/données/"].Format);
        Assert.AreEqual("/app/" + new string('t', 150), byName["app/link"].LinkName);
        Assert.AreEqual(TarEntryType.SymbolicLink, byName["app/link"].EntryType);
        foreach (var pax in entries.Select(e => e.Entry).OfType<PaxTarEntry>())
        {
            Assert.IsFalse(pax.ExtendedAttributes.ContainsKey("atime"), "no atime");
            Assert.IsFalse(pax.ExtendedAttributes.ContainsKey("ctime"), "no ctime");
            Assert.IsFalse(pax.ExtendedAttributes.ContainsKey("mtime"), "mtime only in the ustar header");
        }
        var names = entries.Select(e => e.Entry.Name).ToList();
        CollectionAssert.AreEqual(names.Order(StringComparer.Ordinal).ToList(), names);

        byte[] tar;
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(layer.BlobPath), System.IO.Compression.CompressionMode.Decompress))
        using (var ms = new MemoryStream())
        {
            gz.CopyTo(ms);
            tar = ms.ToArray();
        }
        var raw = Encoding.Latin1.GetString(tar);
        Assert.IsTrue(raw.Contains("././@PaxHeader", StringComparison.Ordinal));
        Assert.IsFalse(raw.Contains("PaxHeaders.", StringComparison.Ordinal), "no per-pid pax header names");

        // GNU tar agrees, when it is there.
        if (File.Exists("/usr/bin/tar") || File.Exists("/bin/tar"))
        {
            var start = new ProcessStartInfo("tar", ["-tvzf", layer.BlobPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var listing = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, process.StandardError.ReadToEnd());
            StringAssert.Contains(listing, longName);
            StringAssert.Contains(listing, $"{deep}/short.dll");
            StringAssert.Contains(listing, "0/0");
            StringAssert.Contains(listing, "1970-01-01");
        }
    }

    [TestMethod]
    public void RejectsConflictingEntries()
    {
        using var dir = new TempDir();
        var builder = new LayerBuilder(new BlobCache(dir.Combine("cache")), new LayerBuilderOptions { Timestamp = Epoch1 });
        Assert.ThrowsExactly<ArgumentException>(() => builder.Build(new LayerInput("x",
            [LayerEntry.FromBytes([1], "/app/a"), LayerEntry.FromBytes([2], "app/a")])));
        Assert.ThrowsExactly<ArgumentException>(() => builder.Build(new LayerInput("x",
            [LayerEntry.FromBytes([1], "/app/a"), LayerEntry.FromBytes([2], "/app/a/b")])));
        Assert.ThrowsExactly<ArgumentException>(() => builder.Build(new LayerInput("x", [LayerEntry.FromBytes([1], "/app/../etc/passwd")])));
    }

    [TestMethod]
    public void SourceDateEpochParsing()
    {
        Assert.AreEqual(LayerBuilder.DefaultTimestamp, LayerBuilder.ResolveTimestamp(_ => null));
        Assert.AreEqual(LayerBuilder.DefaultTimestamp, LayerBuilder.ResolveTimestamp(_ => ""));
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1700000000), LayerBuilder.ResolveTimestamp(n => n == "SOURCE_DATE_EPOCH" ? "1700000000" : null));
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(0), LayerBuilder.ResolveTimestamp(_ => "0"));
        var e = Assert.ThrowsExactly<ImageBuildException>(() => LayerBuilder.ResolveTimestamp(_ => "yesterday"));
        Assert.AreEqual(ImageErrorCodes.BadReference, e.Code);
        Assert.ThrowsExactly<ImageBuildException>(() => LayerBuilder.ResolveTimestamp(_ => "-5"));
    }

    [TestMethod]
    [DoNotParallelize]
    public void SourceDateEpochEnvironmentVariableIsHonoured()
    {
        var previous = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        try
        {
            using var dir = new TempDir();
            var cache = new BlobCache(dir.Combine("cache"));
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", "1700000000");
            var image = new ImageBuilder(cache).Build(TestImages.Spec("kfp/clean", TestImages.App("clean")), BaseImage.Scratch());
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", null);
            var unset = new ImageBuilder(cache).Build(TestImages.Spec("kfp/clean", TestImages.App("clean")), BaseImage.Scratch());

            var entries = TestImages.ReadLayer(cache.GetPath(image.NewLayers[0].Digest));
            Assert.IsTrue(entries.All(e => e.Entry.ModificationTime == DateTimeOffset.FromUnixTimeSeconds(1700000000)));
            StringAssert.Contains(Encoding.UTF8.GetString(image.ConfigBytes), "\"created\":\"2023-11-14T22:13:20Z\"");

            var unsetEntries = TestImages.ReadLayer(cache.GetPath(unset.NewLayers[0].Digest));
            Assert.IsTrue(unsetEntries.All(e => e.Entry.ModificationTime == LayerBuilder.DefaultTimestamp));
            StringAssert.Contains(Encoding.UTF8.GetString(unset.ConfigBytes), "\"created\":\"1970-01-01T00:00:01Z\"");
            Assert.AreNotEqual(image.ManifestDigest, unset.ManifestDigest);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", previous);
        }
    }

    [TestMethod]
    public void DiskFullIsReportedAsPipe4006()
    {
        if (!File.Exists("/dev/full"))
        {
            Assert.Inconclusive("/dev/full is not available on this OS");
        }
        IOException? error = null;
        try
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            full.Write(new byte[4096]);
            full.Flush();
        }
        catch (IOException e)
        {
            error = e;
        }
        Assert.IsNotNull(error, "writing to /dev/full fails with ENOSPC");
        var mapped = ImageBuildException.FromIOException(error, "writing a layer");
        Assert.AreEqual(ImageErrorCodes.DiskFullOrIO, mapped.Code);
        StringAssert.StartsWith(mapped.Message, "PIPE4006: disk full while writing a layer");
    }
}
