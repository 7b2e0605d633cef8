using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipelines.Images;

public sealed class RegistryClientOptions
{
    /// <summary>Registries (host[:port]) reached over plain http besides loopback ones (which always are).</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>Null: Docker's config (<see cref="DockerCredentialStore.FromEnvironment"/>).</summary>
    public IRegistryCredentialProvider? Credentials { get; init; }

    /// <summary>Attempts per operation on 5xx, 429, timeouts and connection failures (at least 1).</summary>
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one request that carries no blob.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Timeout of one blob transfer (GET or upload).</summary>
    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Chunk size for the chunked upload fallback.</summary>
    public int ChunkSize { get; init; } = 8 << 20;
    /// <summary>Skip the monolithic upload and use PATCH chunks (for registries that need it, and tests).</summary>
    public bool ForceChunkedUpload { get; init; }

    /// <summary>For tests: the handler under the client's HttpClient.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public string UserAgent { get; init; } = "pipelines-images/1.0";
}

/// <summary>A manifest or index as the registry served it.</summary>
public sealed record ManifestResponse(byte[] Bytes, string MediaType, string Digest);

/// <summary>Client for the OCI distribution API: manifests and blobs, anonymous/Basic/Bearer auth, retries with
/// exponential backoff on 5xx/429/timeouts/connection failures, https except for loopback or listed-insecure
/// registries. Thread-safe; one instance serves any number of registries.</summary>
public sealed class RegistryClient : IDisposable
{
    private readonly RegistryClientOptions _options;
    private readonly HttpClient _http;
    private readonly IRegistryCredentialProvider _credentials;
    private readonly HashSet<string> _insecure;
    private readonly ConcurrentDictionary<string, Challenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _pings = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RegistryCredential?> _credentialCache = new(StringComparer.OrdinalIgnoreCase);

    public RegistryClient(RegistryClientOptions? options = null)
    {
        _options = options ?? new RegistryClientOptions();
        _credentials = _options.Credentials ?? DockerCredentialStore.FromEnvironment();
        _insecure = new HashSet<string>(_options.InsecureRegistries, StringComparer.OrdinalIgnoreCase);
        var handler = _options.HttpHandler ?? new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    public RegistryClientOptions Options => _options;

    public void Dispose() => _http.Dispose();

    /// <summary>True when requests to <paramref name="registry"/> go over plain http.</summary>
    public bool UsesPlainHttp(string registry) => ImageReference.IsLoopbackRegistry(registry) || _insecure.Contains(registry);

    private Uri ApiUri(string registry, string repository, string tail)
    {
        string host = registry == ImageReference.DockerHub ? ImageReference.DockerHubApiHost : registry;
        return new Uri($"{(UsesPlainHttp(registry) ? "http" : "https")}://{host}/v2/{repository}/{tail}");
    }

    private static string PullScope(string repository) => $"repository:{repository}:pull";
    private static string PushScope(string repository) => $"repository:{repository}:pull,push";

    // ---------------------------------------------------------------- manifests

    /// <summary>GETs a manifest or index (OCI or Docker v2). When <paramref name="reference"/> pins a digest the
    /// bytes must hash to it (PIPE4005). 404 is PIPE4004.</summary>
    public Task<ManifestResponse> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken = default) =>
        GetManifestAsync(reference.Registry, reference.Repository, reference.ManifestReference, cancellationToken);

    public Task<ManifestResponse> GetManifestAsync(string registry, string repository, string reference, CancellationToken cancellationToken = default)
    {
        string subject = $"manifest {reference} of {registry}/{repository}";
        return RetryAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, ApiUri(registry, repository, "manifests/" + reference));
                foreach (string mediaType in MediaTypes.ManifestAccept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }
                return request;
            }, [PullScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{subject} not found ({await ErrorText(response, ct).ConfigureAwait(false)})")
                { StatusCode = 404 };
            }
            await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
            byte[] bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            string digest = Digests.Sha256(bytes);
            if (reference.StartsWith("sha256:", StringComparison.Ordinal) && digest != reference)
            {
                throw new ImageBuildException(ImageErrorCodes.DigestMismatch, $"{subject}: the registry served content that hashes to {digest}");
            }
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
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
        string subject = $"manifest {reference} of {registry}/{repository}";
        return RetryAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Head, ApiUri(registry, repository, "manifests/" + reference));
                foreach (string mediaType in MediaTypes.ManifestAccept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }
                return request;
            }, [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
            return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        }, cancellationToken);
    }

    /// <summary>PUTs a manifest under a digest or a tag.</summary>
    public Task PutManifestAsync(string registry, string repository, string reference, string mediaType, byte[] bytes, CancellationToken cancellationToken = default)
    {
        string subject = $"manifest {reference} of {registry}/{repository}";
        return RetryAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry, () =>
            {
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return new HttpRequestMessage(HttpMethod.Put, ApiUri(registry, repository, "manifests/" + reference)) { Content = content };
            }, [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- blobs

    /// <summary>HEAD: does <paramref name="repository"/> hold the blob?</summary>
    public Task<bool> BlobExistsAsync(string registry, string repository, string digest, CancellationToken cancellationToken = default)
    {
        string subject = $"blob {digest} in {registry}/{repository}";
        return RetryAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry,
                () => new HttpRequestMessage(HttpMethod.Head, ApiUri(registry, repository, "blobs/" + digest)),
                [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Downloads a blob into <paramref name="cache"/> unless the cache already holds a copy that hashes to
    /// its digest (a corrupt cached copy is deleted and fetched again). The download is verified (PIPE4005).</summary>
    public async Task<string> DownloadBlobAsync(string registry, string repository, Descriptor blob, BlobCache cache,
        Action<long>? bytesDone = null, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetVerified(blob.Digest, out string cached))
        {
            return cached;
        }
        string subject = $"blob {blob.Digest} of {registry}/{repository}";
        return await RetryAsync(registry, subject, async ct =>
        {
            using var response = await SendAsync(registry,
                () => new HttpRequestMessage(HttpMethod.Get, ApiUri(registry, repository, "blobs/" + blob.Digest)),
                [PullScope(repository)], _options.TransferTimeout, ct, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ImageBuildException(ImageErrorCodes.BaseImageNotFound, $"{subject} not found") { StatusCode = 404 };
            }
            await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
            string temp = cache.NewTempPath();
            try
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long total = 0;
                await using (var network = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false))
                await using (var file = OpenForWrite(temp, $"downloading {subject}"))
                {
                    byte[] buffer = new byte[1 << 16];
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
                string digest = Digests.FromHash(hash);
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
        string subject = $"mount of blob {digest} from {registry}/{fromRepository} into {registry}/{repository}";
        return RetryAsync(registry, subject, async ct =>
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
            await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
            return (false, null);
        }, cancellationToken);
    }

    /// <summary>Uploads a blob: POST an upload session (or use <paramref name="startedSession"/>) then one PUT with the
    /// whole body; if the registry refuses that (405/413/501/416), POST + PATCH chunks + PUT. A retry restarts the
    /// upload. <paramref name="open"/> opens the blob's content (called once per attempt).</summary>
    public Task UploadBlobAsync(string registry, string repository, Descriptor blob, Func<Stream> open, Action<long>? bytesDone = null,
        Uri? startedSession = null, CancellationToken cancellationToken = default)
    {
        string subject = $"upload of blob {blob.Digest} ({blob.Size} bytes) to {registry}/{repository}";
        Uri? session = startedSession;
        return RetryAsync(registry, subject, async ct =>
        {
            Uri location = session ?? await StartUploadAsync(registry, repository, subject, ct).ConfigureAwait(false);
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
                    await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
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
        byte[] chunk = new byte[Math.Max(1, _options.ChunkSize)];
        long offset = 0;
        while (offset < blob.Size)
        {
            int length = 0;
            while (length < chunk.Length)
            {
                int read = await source.ReadAsync(chunk.AsMemory(length), ct).ConfigureAwait(false);
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
            long start = offset;
            var uri = location;
            using var response = await SendAsync(registry, () =>
            {
                var content = new ByteArrayContent(chunk, 0, length);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + length - 1}");
                return new HttpRequestMessage(HttpMethod.Patch, uri) { Content = content };
            }, [PushScope(repository)], _options.TransferTimeout, ct).ConfigureAwait(false);
            await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
            location = Location(response) ?? location;
            offset += length;
            bytesDone?.Invoke(offset);
        }
        var final = location;
        using var done = await SendAsync(registry,
            () => new HttpRequestMessage(HttpMethod.Put, WithDigest(final, blob.Digest)) { Content = new ByteArrayContent([]) },
            [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
        await EnsureSuccess(done, registry, subject, ct).ConfigureAwait(false);
    }

    private async Task<Uri> StartUploadAsync(string registry, string repository, string subject, CancellationToken ct)
    {
        using var response = await SendAsync(registry,
            () => new HttpRequestMessage(HttpMethod.Post, ApiUri(registry, repository, "blobs/uploads/")) { Content = new ByteArrayContent([]) },
            [PushScope(repository)], _options.RequestTimeout, ct).ConfigureAwait(false);
        await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
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
        string text = location.ToString();
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

    // ---------------------------------------------------------------- auth

    private sealed record Challenge(string Scheme, string? Realm, string? Service, string? Scope);

    private async Task<HttpResponseMessage> SendAsync(string registry, Func<HttpRequestMessage> create, IReadOnlyList<string> scopes,
        TimeSpan timeout, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        scopes = NormalizeScopes(scopes);
        await PingAsync(registry, ct).ConfigureAwait(false);
        var request = create();
        await AuthorizeAsync(request, registry, scopes, forceNewToken: false, ct).ConfigureAwait(false);
        var response = await SendWithTimeout(request, timeout, completion, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        var challenge = ParseChallenge(response.Headers.WwwAuthenticate);
        if (challenge is null)
        {
            return response;
        }
        bool hadAuthorization = request.Headers.Authorization is not null;
        _challenges[registry] = challenge;
        var credential = GetCredential(registry);
        bool retry = challenge.Scheme == "bearer"
            || (challenge.Scheme == "basic" && !hadAuthorization && credential?.Username is not null);
        if (!retry)
        {
            return response;
        }
        response.Dispose();
        var allScopes = challenge.Scope is null ? scopes : NormalizeScopes([.. scopes, .. challenge.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        request = create();
        await AuthorizeAsync(request, registry, allScopes, forceNewToken: true, ct).ConfigureAwait(false);
        return await SendWithTimeout(request, timeout, completion, ct).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithTimeout(HttpRequestMessage request, TimeSpan timeout, HttpCompletionOption completion, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            // With ResponseHeadersRead the caller reads the body after this returns: the timeout then only covers the headers.
            return await _http.SendAsync(request, completion, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {request.RequestUri?.Authority} within {timeout.TotalSeconds:0} s ({request.Method} {request.RequestUri?.AbsolutePath})", e);
        }
        finally
        {
            // The body has been sent (or never will be): release the file handle a StreamContent holds.
            request.Content?.Dispose();
        }
    }

    private RegistryCredential? GetCredential(string registry) =>
        _credentialCache.GetOrAdd(registry, r => _credentials.GetCredential(r));

    private async Task AuthorizeAsync(HttpRequestMessage request, string registry, IReadOnlyList<string> scopes, bool forceNewToken, CancellationToken ct)
    {
        if (!_challenges.TryGetValue(registry, out var challenge))
        {
            return;
        }
        var credential = GetCredential(registry);
        if (challenge.Scheme == "basic")
        {
            if (credential?.Username is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
            }
            return;
        }
        if (challenge.Scheme != "bearer" || challenge.Realm is null)
        {
            return;
        }
        // One token per (registry, scope set); concurrent requests share one fetch. A 401 with a token (expired,
        // or too narrow) replaces it.
        string key = registry + "|" + string.Join(' ', scopes);
        var fetch = new Lazy<Task<string>>(() => FetchTokenAsync(registry, challenge, scopes, credential, CancellationToken.None));
        var entry = forceNewToken ? _tokens.AddOrUpdate(key, fetch, (_, _) => fetch) : _tokens.GetOrAdd(key, fetch);
        string token;
        try
        {
            token = await entry.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, entry));
            throw;
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Learns a registry's auth challenge once, from <c>GET /v2/</c>, as Docker does, so that parallel first
    /// requests do not all collect a 401. Failures are not remembered (the real request reports them).</summary>
    private async Task PingAsync(string registry, CancellationToken ct)
    {
        var ping = _pings.GetOrAdd(registry, r => new Lazy<Task>(async () =>
        {
            var uri = new Uri($"{(UsesPlainHttp(r) ? "http" : "https")}://{(r == ImageReference.DockerHub ? ImageReference.DockerHubApiHost : r)}/v2/");
            using var response = await SendWithTimeout(new HttpRequestMessage(HttpMethod.Get, uri), _options.RequestTimeout,
                HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && ParseChallenge(response.Headers.WwwAuthenticate) is { } challenge)
            {
                _challenges.TryAdd(r, challenge);
            }
        }));
        try
        {
            await ping.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _pings.TryRemove(new KeyValuePair<string, Lazy<Task>>(registry, ping));
        }
    }

    /// <summary>Merges scopes per resource (<c>repository:a:pull</c> + <c>repository:a:push</c> = <c>repository:a:pull,push</c>),
    /// actions and resources in ordinal order, so equal needs give equal token cache keys.</summary>
    internal static IReadOnlyList<string> NormalizeScopes(IEnumerable<string> scopes)
    {
        var merged = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (string scope in scopes)
        {
            int last = scope.LastIndexOf(':');
            if (last <= 0)
            {
                continue;
            }
            string resource = scope[..last];
            if (!merged.TryGetValue(resource, out var actions))
            {
                merged[resource] = actions = new SortedSet<string>(StringComparer.Ordinal);
            }
            foreach (string action in scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                actions.Add(action);
            }
        }
        return [.. merged.Select(kv => $"{kv.Key}:{string.Join(',', kv.Value)}")];
    }

    private async Task<string> FetchTokenAsync(string registry, Challenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken ct)
    {
        string subject = $"token for {registry} ({string.Join(' ', scopes)}) from {challenge.Realm}";
        HttpRequestMessage request;
        if (credential?.IdentityToken is { } refreshToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                new("client_id", "pipelines-images"),
            };
            if (challenge.Service is not null)
            {
                form.Add(new("service", challenge.Service));
            }
            if (scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(' ', scopes)));
            }
            request = new HttpRequestMessage(HttpMethod.Post, challenge.Realm) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            var query = new StringBuilder();
            if (challenge.Service is not null)
            {
                query.Append("service=").Append(Uri.EscapeDataString(challenge.Service));
            }
            foreach (string scope in scopes)
            {
                query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(scope));
            }
            if (credential?.Username is not null)
            {
                query.Append(query.Length > 0 ? "&" : "").Append("account=").Append(Uri.EscapeDataString(credential.Username));
            }
            string realm = challenge.Realm!;
            request = new HttpRequestMessage(HttpMethod.Get, realm + (query.Length == 0 ? "" : (realm.Contains('?') ? "&" : "?") + query));
            if (credential?.Username is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
            }
        }
        using var response = await SendWithTimeout(request, _options.RequestTimeout, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        await EnsureSuccess(response, registry, subject, ct).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        using var doc = CanonicalJson.Parse(body, subject);
        return CanonicalJson.GetString(doc.RootElement, "token")
            ?? CanonicalJson.GetString(doc.RootElement, "access_token")
            ?? throw new ImageBuildException(ImageErrorCodes.Unauthorized, $"{subject}: the token service answered without a token");
    }

    private static Challenge? ParseChallenge(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        Challenge? basic = null;
        foreach (var header in headers)
        {
            string scheme = header.Scheme.ToLowerInvariant();
            var parameters = ParseParameters(header.Parameter ?? "");
            parameters.TryGetValue("realm", out string? realm);
            parameters.TryGetValue("service", out string? service);
            parameters.TryGetValue("scope", out string? scope);
            if (scheme == "bearer")
            {
                return new Challenge(scheme, realm, service, scope);
            }
            if (scheme == "basic")
            {
                basic = new Challenge(scheme, realm, service, scope);
            }
        }
        return basic;
    }

    /// <summary>Parses <c>k="v",k2=v2</c> (quoted values may contain commas).</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            int eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }
            string key = text[i..eq].Trim();
            i = eq + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }
                    value.Append(text[i++]);
                }
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i++]);
                }
            }
            result[key] = value.ToString().Trim();
        }
        return result;
    }

    // ---------------------------------------------------------------- errors and retries

    /// <summary>A 5xx or 429: retried, then PIPE4008.</summary>
    private sealed class TransientStatusException(int status, string message, TimeSpan? retryAfter) : Exception(message)
    {
        public int Status { get; } = status;
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, string registry, string subject, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        int status = (int)response.StatusCode;
        string detail = await ErrorText(response, ct).ConfigureAwait(false);
        string text = $"{subject}: {status} {response.ReasonPhrase}{(detail.Length > 0 ? " (" + detail + ")" : "")}";
        if (status == 401)
        {
            throw new ImageBuildException(ImageErrorCodes.Unauthorized,
                $"{text}; no credentials, or wrong ones, for {registry} (docker login {registry}, or DOCKER_CONFIG)") { StatusCode = status };
        }
        if (status == 403)
        {
            throw new ImageBuildException(ImageErrorCodes.Forbidden, $"{text}; the credentials for {registry} do not allow this") { StatusCode = status };
        }
        if (status >= 500 || status == 429 || status == 408)
        {
            TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            throw new TransientStatusException(status, text, retryAfter);
        }
        if (detail.Contains("DIGEST_INVALID", StringComparison.Ordinal))
        {
            throw new ImageBuildException(ImageErrorCodes.DigestMismatch, text) { StatusCode = status };
        }
        throw new ImageBuildException(ImageErrorCodes.RegistryError, text) { StatusCode = status };
    }

    private static async Task<string> ErrorText(HttpResponseMessage response, CancellationToken ct)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
        if (body.Length == 0)
        {
            return "";
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e =>
                    $"{CanonicalJson.GetString(e, "code")}: {CanonicalJson.GetString(e, "message")}"));
            }
        }
        catch (JsonException)
        {
        }
        return body.Length > 300 ? body[..300] : body.Trim();
    }

    private async Task<T> RetryAsync<T>(string registry, string subject, Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        int maxAttempts = Math.Max(1, _options.MaxAttempts);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                if (attempt >= maxAttempts)
                {
                    throw e is TransientStatusException status
                        ? new ImageBuildException(ImageErrorCodes.RegistryError, $"{status.Message} (gave up after {attempt} attempts)", e) { StatusCode = status.Status }
                        : new ImageBuildException(ImageErrorCodes.RegistryUnreachable,
                            $"registry {registry} unreachable during {subject}: {Flatten(e)} (gave up after {attempt} attempts)", e);
                }
                double factor = Math.Pow(2, attempt - 1) * (0.8 + 0.4 * Random.Shared.NextDouble());
                var delay = TimeSpan.FromMilliseconds(Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.InitialRetryDelay.TotalMilliseconds * factor));
                if (e is TransientStatusException { RetryAfter: { } retryAfter } && retryAfter > delay)
                {
                    delay = retryAfter < _options.MaxRetryDelay ? retryAfter : _options.MaxRetryDelay;
                }
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is TransientStatusException or HttpRequestException or TimeoutException
            or System.Net.Sockets.SocketException or IOException;

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (parts.Count == 0 || !parts[^1].Contains(x.Message, StringComparison.Ordinal))
            {
                parts.Add(x.Message);
            }
        }
        return string.Join(" -> ", parts);
    }
}
