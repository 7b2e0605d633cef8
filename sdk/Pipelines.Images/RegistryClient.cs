using System.Net;

namespace Pipelines.Images;

/// <summary>A manifest or index as the registry served it.</summary>
public sealed record ManifestResponse(byte[] Bytes, string MediaType, string Digest);

/// <summary>Client for the OCI distribution API: manifests (<c>RegistryClient.Manifests.cs</c>) and blobs
/// (<c>RegistryClient.Blobs.cs</c>), https except for loopback or listed-insecure registries. Authentication is
/// <see cref="RegistryAuthenticationHandler"/>'s job, retries <see cref="RegistryRetryPolicy"/>'s, error mapping
/// <see cref="RegistryResponses"/>'. Thread-safe; one instance serves any number of registries.</summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryClientOptions _options;
    private readonly HttpClient _http;
    private readonly HashSet<string> _insecure;
    private readonly RegistryRetryPolicy _retry;

    public RegistryClient(RegistryClientOptions? options = null)
    {
        _options = options ?? new RegistryClientOptions();
        _insecure = new HashSet<string>(_options.InsecureRegistries, StringComparer.OrdinalIgnoreCase);
        _retry = new RegistryRetryPolicy(_options.MaxAttempts, _options.InitialRetryDelay, _options.MaxRetryDelay);
        var transport = _options.HttpHandler ?? new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            // Redirects (blob storage) are followed by the transport, which drops Authorization on the way.
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var auth = new RegistryAuthenticationHandler(transport, _options.Credentials ?? DockerCredentialStore.FromEnvironment(),
            UsesPlainHttp, registry => BaseUri(registry, "/v2/"), _options.RequestTimeout);
        _http = new HttpClient(auth, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    public RegistryClientOptions Options => _options;

    public void Dispose() => _http.Dispose();

    /// <summary>True when requests to <paramref name="registry"/> go over plain http.</summary>
    public bool UsesPlainHttp(string registry) => ImageReference.IsLoopbackRegistry(registry) || _insecure.Contains(registry);

    private Uri BaseUri(string registry, string path)
    {
        var host = registry == ImageReference.DockerHub ? ImageReference.DockerHubApiHost : registry;
        return new Uri($"{(UsesPlainHttp(registry) ? "http" : "https")}://{host}{path}");
    }

    private Uri ApiUri(string registry, string repository, string tail) => BaseUri(registry, $"/v2/{repository}/{tail}");

    private static string PullScope(string repository) => $"repository:{repository}:pull";
    private static string PushScope(string repository) => $"repository:{repository}:pull,push";

    /// <summary>Sends a request made by <paramref name="create"/> with the auth handler's help; when a 401 says new
    /// credentials may help (a Bearer challenge, or Basic and we sent none), sends a fresh copy once more.</summary>
    private async Task<HttpResponseMessage> SendAsync(string registry, Func<HttpRequestMessage> create, IReadOnlyList<string> scopes,
        TimeSpan timeout, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var response = await SendOnceAsync(registry, create, scopes, renewToken: false, timeout, completion, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized
            || !(response.RequestMessage?.Options.TryGetValue(RegistryAuthenticationHandler.RetryMayHelp, out var retry) == true && retry))
        {
            return response;
        }
        response.Dispose();
        return await SendOnceAsync(registry, create, scopes, renewToken: true, timeout, completion, ct).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(string registry, Func<HttpRequestMessage> create, IReadOnlyList<string> scopes,
        bool renewToken, TimeSpan timeout, HttpCompletionOption completion, CancellationToken ct)
    {
        var request = create();
        request.Options.Set(RegistryAuthenticationHandler.Scope, new RegistryRequestScope(registry, scopes, renewToken));
        try
        {
            // With ResponseHeadersRead the caller reads the body after this returns: the timeout then only covers the headers.
            return await RegistryResponses.SendWithTimeoutAsync((r, t) => _http.SendAsync(r, completion, t), request, timeout, ct)
                .ConfigureAwait(false);
        }
        finally
        {
            // The body has been sent (or never will be): release the file handle a StreamContent holds.
            request.Content?.Dispose();
        }
    }
}
