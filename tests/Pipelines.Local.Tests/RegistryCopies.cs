using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Pipelines.Local.Tests;

/// <summary>
/// Puts the offline base image, as the test registry holds it, under a repository of its own in the
/// same registry (blobs mounted across repositories, manifest copied byte for byte, so the digest is
/// the same). The Docker engine has never seen the new reference, so a run that uses it must pull it:
/// each test run gets a fresh one, and removes its reference from the engine afterwards.
/// </summary>
internal static class RegistryCopies
{
    private const string ManifestTypes = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>A new <c>registry/repository@sha256:…</c> reference to the base image's manifest.</summary>
    public static async Task<string> OfBaseImageAsync()
    {
        var image = TestEnvironment.BaseImage;
        var colon = image.LastIndexOf(':');
        var (repository, tag) = (image[..colon], image[(colon + 1)..]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{TestEnvironment.Registry}/v2/") };

        using var get = new HttpRequestMessage(HttpMethod.Get, $"{repository}/manifests/{tag}");
        get.Headers.Accept.ParseAdd(ManifestTypes);
        using var response = await http.SendAsync(get);
        response.EnsureSuccessStatusCode();
        var manifest = await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content.Headers.ContentType!.MediaType!;
        var digest = response.Headers.GetValues("Docker-Content-Digest").Single();
        var parsed = JsonNode.Parse(manifest)!;
        if (parsed["layers"] is not JsonArray layers) throw new InvalidOperationException($"{image} in the registry is not a single-platform manifest ({mediaType})");

        var copy = $"pipelines-local-tests/pull-{Guid.NewGuid():N}"[..40];
        foreach (var blob in layers.Select(l => l!["digest"]!.ToString()).Prepend(parsed["config"]!["digest"]!.ToString()))
        {
            using var mount = await http.PostAsync($"{copy}/blobs/uploads/?mount={blob}&from={repository}", null);
            if (mount.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"mounting {blob} into {copy}: {(int)mount.StatusCode} {await mount.Content.ReadAsStringAsync()}");
        }
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await http.PutAsync($"{copy}/manifests/{digest}", content);
        if (put.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"putting the manifest of {copy}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return $"{TestEnvironment.Registry}/{copy}@{digest}";
    }
}
