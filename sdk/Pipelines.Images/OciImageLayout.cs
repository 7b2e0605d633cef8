using System.Collections.Concurrent;
using System.Text.Json;

namespace Pipelines.Images;

/// <summary>An OCI image layout directory holding many images: <c>oci-layout</c>, one <c>blobs/sha256</c> store
/// (each blob stored once, whatever the number of images using it) and <c>index.json</c> with one manifest
/// descriptor per image name, annotated with <c>org.opencontainers.image.ref.name</c> and
/// <c>io.containerd.image.name</c>. Crash-safe ordering: every blob is written to a temporary file, flushed and
/// renamed into place before <c>index.json</c> is replaced (also by rename), so the index never names a
/// missing blob.</summary>
public sealed class OciImageLayout
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> IndexLocks = new(StringComparer.Ordinal);
    private static readonly byte[] LayoutFile = "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray();
    // Blobs already in the layout are hashed once per instance (one build) before they are trusted: a file of the right
    // size with the wrong bytes (a torn copy, a disk error, a hand edit) would otherwise be reused by every later build.
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _repaired = [];

    public OciImageLayout(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public string BlobPath(string digest) => Path.Combine(Directory, "blobs", "sha256", Digests.Hex(digest));

    /// <summary>Blobs that were in the layout with the wrong content and were written again by this instance.</summary>
    public IReadOnlyCollection<string> RepairedBlobs => _repaired;

    /// <summary>True when the layout holds <paramref name="digest"/> with the right content (hashed once per instance).
    /// A blob that is there with other content is deleted and counted as repaired when it is written again.</summary>
    private bool HasVerifiedBlob(string digest)
    {
        if (_verified.ContainsKey(digest))
        {
            return true;
        }
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            return false;
        }
        var actual = ImageBuildException.WrapIO($"reading {path}", () => Digests.Sha256File(path));
        if (actual == digest)
        {
            _verified[digest] = true;
            return true;
        }
        _repaired.Add(digest);
        BlobCache.TryDelete(path);
        return false;
    }

    /// <summary>True when the layout holds the image of <paramref name="manifestDigest"/> whole: its manifest, config and
    /// every layer, each of the size the manifest says and hashed to its digest (once per instance, shared blobs once).
    /// A blob with other bytes is removed (<see cref="RepairedBlobs"/>): the image is then not whole, and a build makes
    /// it again rather than reusing it (an index entry of an image no build makes again names a missing blob rather
    /// than a wrong one until pruning drops it). Safe to call from another thread than the writer's, but not at the
    /// same time.</summary>
    public bool HasImage(string manifestDigest)
    {
        try
        {
            if (!HasVerifiedBlob(manifestDigest)) return false;
            var path = BlobPath(manifestDigest);
            using var manifest = CanonicalJson.Parse(File.ReadAllBytes(path), path);
            var blobs = new List<Descriptor> { Descriptor.Parse(manifest.RootElement.GetProperty("config"), path) };
            blobs.AddRange(manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => Descriptor.Parse(l, path)));
            return blobs.All(b => new FileInfo(BlobPath(b.Digest)) is { Exists: true } file && file.Length == b.Size && HasVerifiedBlob(b.Digest));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException
            or InvalidOperationException or ArgumentException or ImageBuildException)
        {
            return false; // not an image this layout can vouch for: the build makes it again
        }
    }

    /// <summary>Removes what interrupted writes left in the layout's temporary folder. Call only while holding the
    /// layout's <see cref="DirectoryLock"/>: then no other writer can own those files.</summary>
    public void RemoveStaleTemporaryFiles()
    {
        var tempDir = Path.Combine(Directory, ".tmp");
        if (!System.IO.Directory.Exists(tempDir))
        {
            return;
        }
        foreach (var file in System.IO.Directory.EnumerateFiles(tempDir))
        {
            BlobCache.TryDelete(file);
        }
        TryRemoveEmptyDirectory(tempDir);
    }

    /// <summary>Adds (or replaces) an image. One index entry per tag: ref name <c>&lt;repository&gt;:&lt;tag&gt;</c> unless
    /// <paramref name="refNames"/> says otherwise; <c>io.containerd.image.name</c> gets <paramref name="fullNames"/> (default:
    /// the same). Base layers not yet on this machine are downloaded. <paramref name="annotations"/> go on the index entries
    /// (what this layout says about the image, outside its digest). Returns the manifest descriptor.</summary>
    public async Task<Descriptor> AddAsync(BuiltImage image, IReadOnlyList<string>? refNames = null, IReadOnlyList<string>? fullNames = null,
        IProgress<ImageProgress>? progress = null, CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var names = refNames ?? DefaultRefNames(image);
        var full = fullNames ?? names;
        if (full.Count != names.Count)
        {
            throw new ArgumentException("refNames and fullNames must have the same length");
        }
        await WriteBlobsAsync(image, progress, cancellationToken).ConfigureAwait(false);
        await AddIndexEntriesAsync([(image, names, full)], annotations, cancellationToken).ConfigureAwait(false);
        return image.ManifestDescriptor;
    }

    /// <summary>Adds (or replaces) several images, each under <c>&lt;repository&gt;:&lt;tag&gt;</c> for each of its tags, as
    /// <see cref="AddAsync(BuiltImage, IReadOnlyList{string}?, IReadOnlyList{string}?, IProgress{ImageProgress}?, CancellationToken, IReadOnlyDictionary{string, string}?)"/>
    /// does, but replaces <c>index.json</c> once for all of them: a build of N component images reads and writes the index
    /// once, not N times (which made the image step grow with N squared). Every blob is in place before the index names it.</summary>
    public async Task<IReadOnlyList<Descriptor>> AddAllAsync(IReadOnlyList<BuiltImage> images, IProgress<ImageProgress>? progress = null,
        CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? annotations = null)
    {
        if (images.Count == 0)
        {
            return [];
        }
        foreach (var image in images)
        {
            await WriteBlobsAsync(image, progress, cancellationToken).ConfigureAwait(false);
        }
        await AddIndexEntriesAsync([.. images.Select(i => (i, DefaultRefNames(i), DefaultRefNames(i)))], annotations, cancellationToken).ConfigureAwait(false);
        return [.. images.Select(i => i.ManifestDescriptor)];
    }

    /// <summary>How many times this instance replaced <c>index.json</c> (adding, pruning): what a build costs beyond its blobs.</summary>
    public int IndexWrites => _indexWrites;

    private int _indexWrites;

    private static IReadOnlyList<string> DefaultRefNames(BuiltImage image) => [.. image.Tags.Select(t => $"{image.Repository}:{t}")];

    private async Task AddIndexEntriesAsync(IReadOnlyList<(BuiltImage Image, IReadOnlyList<string> Names, IReadOnlyList<string> FullNames)> added,
        IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken)
    {
        var gate = IndexLocks.GetOrAdd(Directory, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var replaced = new HashSet<string>(added.SelectMany(a => a.Names), StringComparer.Ordinal);
            var entries = ReadIndex().Where(d => d.Annotations?.GetValueOrDefault(OciAnnotations.RefName) is not { } n || !replaced.Contains(n)).ToList();
            var byName = new Dictionary<string, Descriptor>(StringComparer.Ordinal);
            foreach (var (image, names, full) in added)
            {
                for (var i = 0; i < names.Count; i++)
                {
                    var entryAnnotations = new Dictionary<string, string>(annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                    {
                        [OciAnnotations.RefName] = names[i],
                        [OciAnnotations.ContainerdImageName] = full[i],
                    };
                    // The same name twice in one call: the later image wins, as with one call per image.
                    byName[names[i]] = image.ManifestDescriptor with
                    {
                        Annotations = entryAnnotations,
                        Platform = image.Platform,
                    };
                }
            }
            entries.AddRange(byName.Values);
            WriteIndex(entries);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Keeps only the index entries whose ref name is in <paramref name="keepRefNames"/>, then
    /// deletes every blob no kept manifest references: the layout holds exactly the images of the
    /// last build instead of growing with every rebuild. The index is rewritten first, so a crash
    /// in between leaves unreferenced blobs, never an index pointing at missing ones.</summary>
    /// <returns>The number of blobs deleted and their bytes.</returns>
    public Task<(int Blobs, long Bytes)> PruneAsync(IReadOnlyCollection<string> keepRefNames, CancellationToken cancellationToken = default) =>
        PruneAsync(d => d.Annotations?.GetValueOrDefault(OciAnnotations.RefName) is { } n && keepRefNames.Contains(n), cancellationToken);

    /// <summary>Keeps only the index entries of the manifests in <paramref name="keepManifestDigests"/> (what the YAML
    /// pins), then deletes unreferenced blobs, as <see cref="PruneAsync(IReadOnlyCollection{string}, CancellationToken)"/>.</summary>
    public Task<(int Blobs, long Bytes)> PruneToManifestsAsync(IReadOnlyCollection<string> keepManifestDigests, CancellationToken cancellationToken = default) =>
        PruneAsync(d => keepManifestDigests.Contains(d.Digest), cancellationToken);

    private async Task<(int Blobs, long Bytes)> PruneAsync(Func<Descriptor, bool> keep, CancellationToken cancellationToken)
    {
        var gate = IndexLocks.GetOrAdd(Directory, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var all = ReadIndex();
            var kept = all.Where(keep).ToList();
            if (kept.Count != all.Count) WriteIndex(kept);

            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var manifest in kept)
            {
                referenced.Add(Digests.Hex(manifest.Digest));
                var path = BlobPath(manifest.Digest);
                var bytes = ImageBuildException.WrapIO($"reading {path}", () => File.ReadAllBytes(path));
                using var doc = CanonicalJson.Parse(bytes, path);
                if (doc.RootElement.TryGetProperty("config", out var config))
                    referenced.Add(Digests.Hex(Descriptor.Parse(config, path).Digest));
                if (doc.RootElement.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array)
                    foreach (var layer in layers.EnumerateArray()) referenced.Add(Digests.Hex(Descriptor.Parse(layer, path).Digest));
            }

            var count = 0;
            long bytesDeleted = 0;
            var blobs = Path.Combine(Directory, "blobs", "sha256");
            if (!System.IO.Directory.Exists(blobs)) return (0, 0);
            foreach (var file in System.IO.Directory.EnumerateFiles(blobs))
            {
                if (referenced.Contains(Path.GetFileName(file))) continue;
                var length = new FileInfo(file).Length;
                ImageBuildException.WrapIO($"deleting {file}", () => { File.Delete(file); return 0; });
                count++;
                bytesDeleted += length;
            }
            return (count, bytesDeleted);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The manifest descriptors listed in <c>index.json</c> (empty when there is none yet).</summary>
    public IReadOnlyList<Descriptor> ReadIndex()
    {
        var path = Path.Combine(Directory, "index.json");
        if (!File.Exists(path))
        {
            return [];
        }
        var bytes = ImageBuildException.WrapIO($"reading {path}", () => File.ReadAllBytes(path));
        using var doc = CanonicalJson.Parse(bytes, path);
        return doc.RootElement.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array
            ? [.. m.EnumerateArray().Select(e => Descriptor.Parse(e, path))]
            : [];
    }

    internal async Task WriteBlobsAsync(BuiltImage image, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        var tempDir = Path.Combine(Directory, ".tmp");
        ImageBuildException.WrapIO($"creating {Directory}", () =>
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, "blobs", "sha256"));
            System.IO.Directory.CreateDirectory(tempDir);
            var layoutPath = Path.Combine(Directory, "oci-layout");
            if (!File.Exists(layoutPath))
            {
                WriteAtomically(layoutPath, LayoutFile, tempDir);
            }
            return 0;
        });
        foreach (var layer in image.Layers)
        {
            var target = BlobPath(layer.Digest);
            if (HasVerifiedBlob(layer.Digest))
            {
                continue;
            }
            var pulled = false;
            var source = await layer.GetBlobPathAsync(n =>
            {
                pulled = true;
                progress?.Report(new ImageProgress(image.Repository, layer.Digest, layer.Name, ImageProgressState.Pulling, n, layer.Size));
            }, ct).ConfigureAwait(false);
            if (pulled)
            {
                progress?.Report(new ImageProgress(image.Repository, layer.Digest, layer.Name, ImageProgressState.Pulled, layer.Size, layer.Size));
            }
            ImageBuildException.WrapIO($"writing blob {layer.Digest} to {Directory}", () =>
            {
                var temp = Path.Combine(tempDir, Guid.NewGuid().ToString("N"));
                try
                {
                    using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                    using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        input.CopyTo(output);
                        output.Flush(flushToDisk: true);
                    }
                    File.Move(temp, target, overwrite: true);
                }
                finally
                {
                    BlobCache.TryDelete(temp);
                }
                return 0;
            });
            _verified[layer.Digest] = true; // copied from a source verified against this digest
        }
        ImageBuildException.WrapIO($"writing the config and manifest of {image.Repository} to {Directory}", () =>
        {
            foreach (var bytes in new[] { image.ConfigBytes, image.ManifestBytes })
            {
                var digest = Digests.Sha256(bytes);
                if (!HasVerifiedBlob(digest))
                {
                    WriteAtomically(BlobPath(digest), bytes, tempDir);
                    _verified[digest] = true;
                }
            }
            return 0;
        });
    }

    private void WriteIndex(List<Descriptor> entries)
    {
        var directory = Directory;
        Interlocked.Increment(ref _indexWrites);
        entries.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Annotations?.GetValueOrDefault(OciAnnotations.RefName), b.Annotations?.GetValueOrDefault(OciAnnotations.RefName));
            return c != 0 ? c : string.CompareOrdinal(a.Digest, b.Digest);
        });
        var index = WriteIndexBytes(entries);
        ImageBuildException.WrapIO($"writing {directory}/index.json", () =>
        {
            WriteAtomically(Path.Combine(directory, "index.json"), index, Path.Combine(directory, ".tmp"));
            TryRemoveEmptyDirectory(Path.Combine(directory, ".tmp"));
            return 0;
        });
    }

    internal static byte[] WriteIndexBytes(IEnumerable<Descriptor> entries) => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", MediaTypes.OciIndex);
        w.WriteStartArray("manifests");
        foreach (var entry in entries)
        {
            entry.WriteTo(w);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    internal static void WriteAtomically(string path, byte[] bytes, string tempDir)
    {
        System.IO.Directory.CreateDirectory(tempDir);
        var temp = Path.Combine(tempDir, Guid.NewGuid().ToString("N"));
        try
        {
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                output.Write(bytes);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            BlobCache.TryDelete(temp);
        }
    }

    private static void TryRemoveEmptyDirectory(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path) && !System.IO.Directory.EnumerateFileSystemEntries(path).Any())
            {
                System.IO.Directory.Delete(path);
            }
        }
        catch (IOException)
        {
        }
    }
}
