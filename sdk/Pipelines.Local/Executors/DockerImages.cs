using System.Formats.Tar;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipelines.Local;

/// <summary>
/// Makes every image a run needs present in the Docker engine before anything runs: an image
/// pinned by digest whose manifest is in the build's OCI layout is loaded from there (as a
/// docker-archive stream through the engine API: no docker CLI, no registry); anything else
/// already in the engine is used; the rest is pulled (by digest when pinned).
/// </summary>
internal sealed class DockerImages(DockerClient client, string? layoutDirectory)
{
    /// <summary>Image reference in the YAML → what to pass to container create.</summary>
    public async Task<string> EnsureAsync(string image, CancellationToken cancellationToken)
    {
        var at = image.IndexOf("@sha256:", StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var digest = at >= 0 ? image[(at + 1)..] : null;
        if (digest is not null && layoutDirectory is not null && ReadBlob(digest) is JsonObject manifest
            && manifest["config"]?["digest"]?.ToString() is { } configDigest)
        {
            // Docker's image id is the config digest: present means loaded already.
            if (await ExistsAsync(configDigest, cancellationToken)) return configDigest;
            await LoadAsync(manifest, name.Contains(':', StringComparison.Ordinal) ? name : name + ":latest", cancellationToken);
            if (await ExistsAsync(configDigest, cancellationToken)) return configDigest;
            throw new LocalRunException(LocalDiagnostics.ImageNotAvailable, $"image {image}: loaded from {layoutDirectory} but the engine does not list it");
        }
        if (await ExistsAsync(image, cancellationToken)) return image;
        if (digest is not null && await ExistsAsync(StripTag(name) + "@" + digest, cancellationToken)) return StripTag(name) + "@" + digest;
        try
        {
            var repository = StripTag(name);
            var tag = digest ?? (name.Length > repository.Length ? name[(repository.Length + 1)..] : "latest");
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, null, new Progress<JSONMessage>(), cancellationToken);
            return digest is null ? image : repository + "@" + digest;
        }
        catch (DockerApiException e)
        {
            throw new LocalRunException(LocalDiagnostics.ImageNotAvailable,
                $"image {image} is not in {(layoutDirectory is null ? "the Docker engine" : $"the OCI layout {layoutDirectory} nor the Docker engine")} and cannot be pulled: {e.Message.Split('\n')[0]}");
        }
    }

    private static string StripTag(string name)
    {
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[..colon] : name;
    }

    private async Task<bool> ExistsAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(reference, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return false;
        }
    }

    private JsonObject? ReadBlob(string digest)
    {
        var path = BlobPath(digest);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
    }

    private string BlobPath(string digest) => Path.Combine(layoutDirectory!, "blobs", "sha256", digest["sha256:".Length..]);

    /// <summary>Streams a docker-archive (manifest.json + config + layer blobs, layers kept gzip'd: the engine detects it) into <c>POST /images/load</c>.</summary>
    private async Task LoadAsync(JsonObject manifest, string tag, CancellationToken cancellationToken)
    {
        var configDigest = manifest["config"]!["digest"]!.ToString();
        var layers = ((JsonArray)manifest["layers"]!).Select(l => l!["digest"]!.ToString()).ToList();
        var temp = Path.Combine(Path.GetTempPath(), $"pipelines-load-{Guid.NewGuid():N}.tar");
        try
        {
            await using (var file = File.Create(temp))
            await using (var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: false))
            {
                var archiveManifest = new JsonArray(new JsonObject
                {
                    ["Config"] = "blobs/sha256/" + configDigest["sha256:".Length..],
                    ["RepoTags"] = new JsonArray(tag),
                    ["Layers"] = new JsonArray(layers.Select(l => (JsonNode?)JsonValue.Create("blobs/sha256/" + l["sha256:".Length..])).ToArray()),
                });
                var manifestEntry = new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(archiveManifest.ToJsonString())) };
                await tar.WriteEntryAsync(manifestEntry, cancellationToken);
                foreach (var digest in layers.Prepend(configDigest).Distinct())
                    await tar.WriteEntryAsync(BlobPath(digest), "blobs/sha256/" + digest["sha256:".Length..], cancellationToken);
            }
            await using var stream = File.OpenRead(temp);
            await client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, stream, new Progress<JSONMessage>(), cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
