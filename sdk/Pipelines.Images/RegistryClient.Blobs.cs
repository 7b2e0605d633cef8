using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Pipelines.Images;

/// <summary>Blob operations: HEAD, verified download into the blob cache, cross-repository mount, upload (one PUT,
/// or PATCH chunks when the registry refuses that).</summary>
public sealed partial class RegistryClient
{
    /// <summary>HEAD: does <paramref name="repository"/> hold the blob?</summary>
    public Task<bool> BlobExistsAsync(string registry, string repository, string digest, CancellationToken cancellationToken = default)
    {
        var subject = $"blob {digest} in {registry}/{repository}";
        return _retry.RunAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry,
                () => new HttpRequestMessage(HttpMethod.Head, ApiUri(registry, repository, "blobs/" + digest)),
                [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Downloads a blob into <paramref name="cache"/> unless the cache already holds a copy that hashes to
    /// its digest (a corrupt cached copy is deleted and fetched again). The download is verified (PIPE4005).</summary>
    public async Task<string> DownloadBlobAsync(string registry, string repository, Descriptor blob, BlobCache cache,
        Action<long>? bytesDone = null, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetVerified(blob.Digest, out var cached))
        {
            return cached;
        }
        var subject = $"blob {blob.Digest} of {registry}/{repository}";
        return await _retry.RunAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry,
                () => new HttpRequestMessage(HttpMethod.Get, ApiUri(registry, repository, "blobs/" + blob.Digest)),
                [PullScope(repository)], _options.TransferTimeout, ct, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{subject} not found") { StatusCode = 404 };
            }
            await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
            var temp = cache.NewTempPath();
            try
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long total = 0;
                await using (var network = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false))
                await using (var file = OpenForWrite(temp, $"downloading {subject}"))
                {
                    var buffer = new byte[1 << 16];
                    long lastReport = 0;
                    int read;
                    while ((read = await network.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        total += read;
                        try
                        {
                            await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                        }
                        catch (IOException e)
                        {
                            throw ImageBuildException.FromIOException(e, $"downloading {subject} into {cache.Root}");
                        }
                        if (total - lastReport >= 1 << 20)
                        {
                            lastReport = total;
                            bytesDone?.Invoke(total);
                        }
                    }
                }
                var digest = Digests.FromHash(hash);
                if (digest != blob.Digest || (blob.Size > 0 && total != blob.Size))
                {
                    throw new ImageBuildException(ImageErrorCodes.DigestMismatch,
                        $"{subject}: downloaded {total} bytes hashing to {digest}, expected {blob.Size} bytes hashing to {blob.Digest}");
                }
                bytesDone?.Invoke(total);
                return cache.Commit(temp, digest);
            }
            finally
            {
                BlobCache.TryDelete(temp);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tries a cross-repository mount of <paramref name="digest"/> from <paramref name="fromRepository"/>.
    /// Returns (true, null) when mounted; (false, location) when the registry opened an upload session instead.</summary>
    public Task<(bool Mounted, Uri? UploadLocation)> TryMountBlobAsync(string registry, string repository, string digest, string fromRepository,
        CancellationToken cancellationToken = default)
    {
        var subject = $"mount of blob {digest} from {registry}/{fromRepository} into {registry}/{repository}";
        return _retry.RunAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry, () => new HttpRequestMessage(HttpMethod.Post,
                    ApiUri(registry, repository, $"blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}"))
            { Content = new ByteArrayContent([]) },
                [PushScope(repository), PullScope(fromRepository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (true, (Uri?)null);
            }
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return (false, Location(response));
            }
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest)
            {
                return (false, null);
            }
            await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
            return (false, null);
        }, cancellationToken);
    }

    /// <summary>Uploads a blob: POST an upload session (or use <paramref name="startedSession"/>) then one PUT with the
    /// whole body; if the registry refuses that (405/413/501/416), POST + PATCH chunks + PUT. A retry restarts the
    /// upload. <paramref name="open"/> opens the blob's content (called once per attempt).</summary>
    public Task UploadBlobAsync(string registry, string repository, Descriptor blob, Func<Stream> open, Action<long>? bytesDone = null,
        Uri? startedSession = null, CancellationToken cancellationToken = default)
    {
        var subject = $"upload of blob {blob.Digest} ({blob.Size} bytes) to {registry}/{repository}";
        var session = startedSession;
        return _retry.RunAsync(registry, subject, async ct =>
        {
            var location = session ?? await StartUploadAsync(registry, repository, subject, ct).ConfigureAwait(false);
            session = null; // a retry starts a fresh session
            if (!_options.ForceChunkedUpload)
            {
                using var response = await SendAsync(registry, () =>
                {
                    var content = new StreamContent(new ProgressReadStream(open(), n => bytesDone?.Invoke(n)), 1 << 16);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    content.Headers.ContentLength = blob.Size;
                    return new HttpRequestMessage(HttpMethod.Put, WithDigest(location, blob.Digest)) { Content = content };
                }, [PushScope(repository)], _options.TransferTimeout, ct).ConfigureAwait(false);
                if (response.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.RequestEntityTooLarge
                    or HttpStatusCode.NotImplemented or HttpStatusCode.RequestedRangeNotSatisfiable))
                {
                    await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
                    return 0;
                }
                location = await StartUploadAsync(registry, repository, subject, ct).ConfigureAwait(false);
            }
            await UploadChunkedAsync(registry, repository, blob, open, bytesDone, location, subject, ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    private async Task UploadChunkedAsync(string registry, string repository, Descriptor blob, Func<Stream> open, Action<long>? bytesDone,
        Uri location, string subject, CancellationToken ct)
    {
        using var source = open();
        var chunk = new byte[Math.Max(1, _options.ChunkSize)];
        long offset = 0;
        while (offset < blob.Size)
        {
            var length = 0;
            while (length < chunk.Length)
            {
                var read = await source.ReadAsync(chunk.AsMemory(length), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
            if (length == 0)
            {
                throw new ImageBuildException(ImageErrorCodes.DigestMismatch, $"{subject}: the blob is shorter than its descriptor says");
            }
            var start = offset;
            var uri = location;
            using var response = await SendAsync(registry, () =>
            {
                var content = new ByteArrayContent(chunk, 0, length);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + length - 1}");
                return new HttpRequestMessage(HttpMethod.Patch, uri) { Content = content };
            }, [PushScope(repository)], _options.TransferTimeout, ct).ConfigureAwait(false);
            await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
            location = Location(response) ?? location;
            offset += length;
            bytesDone?.Invoke(offset);
        }
        var final = location;
        using var done = await SendAsync(registry,
            () => new HttpRequestMessage(HttpMethod.Put, WithDigest(final, blob.Digest)) { Content = new ByteArrayContent([]) },
            [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
        await RegistryResponses.EnsureSuccessAsync(done, registry, subject, ct).ConfigureAwait(false);
    }

    private async Task<Uri> StartUploadAsync(string registry, string repository, string subject, CancellationToken ct)
    {
        using var response = await SendAsync(registry,
            () => new HttpRequestMessage(HttpMethod.Post, ApiUri(registry, repository, "blobs/uploads/")) { Content = new ByteArrayContent([]) },
            [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
        await RegistryResponses.EnsureSuccessAsync(response, registry, subject, ct).ConfigureAwait(false);
        return Location(response)
            ?? throw new ImageBuildException(ImageErrorCodes.RegistryError, $"{subject}: the registry opened an upload session without a Location");
    }

    private static Uri? Location(HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        if (location is null)
        {
            return null;
        }
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    private static Uri WithDigest(Uri location, string digest)
    {
        var text = location.ToString();
        return new Uri(text + (location.Query.Length > 0 ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest));
    }

    private static FileStream OpenForWrite(string path, string what)
    {
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        }
        catch (IOException e)
        {
            throw ImageBuildException.FromIOException(e, what);
        }
    }
}
