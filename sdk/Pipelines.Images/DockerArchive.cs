namespace Pipelines.Images;

/// <summary>Writes one image as a "hybrid" tar that <c>docker load</c> accepts (Docker 20.10 and later, via the legacy
/// <c>manifest.json</c> with Config/RepoTags/Layers pointing into <c>blobs/sha256/</c>) and that is also an OCI
/// layout (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/</c>) for skopeo/containerd — the form <c>docker save</c>
/// writes since Docker 25. The tar is uncompressed (the layers inside are gzip) and deterministic: sorted
/// entries, fixed mtime and modes, root owner.</summary>
public static class DockerArchive
{
    private const string TempSuffix = ".tmp";

    /// <summary>Removes the temporary files interrupted archive writes left in <paramref name="directory"/> (tens of MiB
    /// each). Call only while no other writer uses the directory (hold its <see cref="DirectoryLock"/>).</summary>
    public static void RemoveStaleTemporaryFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(directory, ".*" + TempSuffix))
        {
            BlobCache.TryDelete(file);
        }
    }

    /// <summary>Writes the archive to <paramref name="path"/> (through a temporary file, then renamed).
    /// <paramref name="repoTags"/> defaults to <c>&lt;repository&gt;:&lt;tag&gt;</c> per tag.</summary>
    public static async Task WriteAsync(BuiltImage image, string path, IReadOnlyList<string>? repoTags = null,
        IProgress<ImageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var tags = repoTags ?? [.. image.Tags.Select(t => $"{image.Repository}:{t}")];
        var entries = new List<LayerEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var layerPaths = new List<string>();
        foreach (var layer in image.Layers)
        {
            var pulled = false;
            var source = await layer.GetBlobPathAsync(n =>
            {
                pulled = true;
                progress?.Report(new ImageProgress(image.Repository, layer.Digest, layer.Name, ImageProgressState.Pulling, n, layer.Size));
            }, cancellationToken).ConfigureAwait(false);
            if (pulled)
            {
                progress?.Report(new ImageProgress(image.Repository, layer.Digest, layer.Name, ImageProgressState.Pulled, layer.Size, layer.Size));
            }
            var blobPath = "blobs/sha256/" + Digests.Hex(layer.Digest);
            layerPaths.Add(blobPath);
            if (seen.Add(blobPath))
            {
                entries.Add(LayerEntry.File(source, blobPath));
            }
        }
        var configPath = "blobs/sha256/" + Digests.Hex(image.ConfigDigest);
        entries.Add(LayerEntry.FromBytes(image.ConfigBytes, configPath));
        if (seen.Add("blobs/sha256/" + Digests.Hex(image.ManifestDigest)))
        {
            entries.Add(LayerEntry.FromBytes(image.ManifestBytes, "blobs/sha256/" + Digests.Hex(image.ManifestDigest)));
        }

        var manifestJson = CanonicalJson.Write(w =>
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("Config", configPath);
            w.WriteStartArray("RepoTags");
            foreach (var tag in tags)
            {
                w.WriteStringValue(tag);
            }
            w.WriteEndArray();
            w.WriteStartArray("Layers");
            foreach (var layerPath in layerPaths)
            {
                w.WriteStringValue(layerPath);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        });
        entries.Add(LayerEntry.FromBytes(manifestJson, "manifest.json"));

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tags.Count > 0)
        {
            annotations[OciAnnotations.ContainerdImageName] = tags[0];
            if (ImageReference.TryParse(tags[0], out var reference) && reference.Tag is not null)
            {
                annotations[OciAnnotations.RefName] = reference.Tag;
                annotations[OciAnnotations.ContainerdImageName] = reference.ToString();
            }
        }
        var index = OciImageLayout.WriteIndexBytes([image.ManifestDescriptor with { Annotations = annotations, Platform = image.Platform }]);
        entries.Add(LayerEntry.FromBytes(index, "index.json"));
        entries.Add(LayerEntry.FromBytes("{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), "oci-layout"));

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TempSuffix}");
        ImageBuildException.WrapIO($"writing the image archive {fullPath}", () =>
        {
            Directory.CreateDirectory(directory);
            try
            {
                using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    LayerBuilder.WriteTar(entries, output, LayerBuilder.DefaultTimestamp);
                    output.Flush(flushToDisk: true);
                }
                File.Move(temp, fullPath, overwrite: true);
            }
            finally
            {
                BlobCache.TryDelete(temp);
            }
            return 0;
        });
    }
}
