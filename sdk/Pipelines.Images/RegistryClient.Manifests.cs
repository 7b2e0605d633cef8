using System.Net;
using System.Net.Http.Headers;

namespace Pipelines.Images;

/// <summary>Manifest operations: GET (verified against a pinned digest), HEAD, PUT.</summary>
public sealed partial class RegistryClient
{
    /// <summary>GETs a manifest or index (OCI or Docker v2). When <paramref name="reference"/> pins a digest the
    /// bytes must hash to it (PIPE4005). 404 is PIPE4004.</summary>
    public Task<ManifestResponse> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken = default) =>
        GetManifestAsync(reference.Registry, reference.Repository, reference.ManifestReference, cancellationToken);

    public Task<ManifestResponse> GetManifestAsync(string registry, string repository, string reference, CancellationToken cancellationToken = default)
    {
        var subject = $"manifest {reference} of {registry}/{repository}";
        return _retry.RunAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, ApiUri(registry, repository, "manifests/" + reference));
                foreach (var mediaType in MediaTypes.ManifestAccept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }
                return request;
            }, [PullScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{subject} not found ({await RegistryResponses.ErrorTextAsync(response, ct).ConfigureAwait(false)})")
                { StatusCode = 404 };
            }
            await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var digest = Digests.Sha256(bytes);
            if (reference.StartsWith("sha256:", StringComparison.Ordinal) && digest != reference)
            {
                throw new ImageBuildException(ImageErrorCodes.DigestMismatch, $"{subject}: the registry served content that hashes to {digest}");
            }
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (string.IsNullOrEmpty(mediaType) || mediaType is "application/json" or "text/plain" or "application/octet-stream")
            {
                using var doc = CanonicalJson.Parse(bytes, subject);
                mediaType = CanonicalJson.GetString(doc.RootElement, "mediaType")
                    ?? (doc.RootElement.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest);
            }
            return new ManifestResponse(bytes, mediaType, digest);
        }, cancellationToken);
    }

    /// <summary>HEADs a manifest; returns its digest (from Docker-Content-Digest), or null when it does not exist.</summary>
    public Task<string?> GetManifestDigestAsync(string registry, string repository, string reference, CancellationToken cancellationToken = default)
    {
        var subject = $"manifest {reference} of {registry}/{repository}";
        return _retry.RunAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Head, ApiUri(registry, repository, "manifests/" + reference));
                foreach (var mediaType in MediaTypes.ManifestAccept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }
                return request;
            }, [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
            return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        }, cancellationToken);
    }

    /// <summary>PUTs a manifest under a digest or a tag.</summary>
    public Task PutManifestAsync(string registry, string repository, string reference, string mediaType, byte[] bytes, CancellationToken cancellationToken = default)
    {
        var subject = $"manifest {reference} of {registry}/{repository}";
        return _retry.RunAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry, () =>
            {
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return new HttpRequestMessage(HttpMethod.Put, ApiUri(registry, repository, "manifests/" + reference)) { Content = content };
            }, [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }
}
