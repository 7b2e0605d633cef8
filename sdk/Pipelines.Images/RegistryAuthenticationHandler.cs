using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Pipelines.Images;

/// <summary>Which registry a request goes to and the token scopes it needs; requests without it pass through
/// untouched. <see cref="RenewToken"/>: the previous attempt got a 401, so a cached token is not good enough.</summary>
internal sealed record RegistryRequestScope(string Registry, IReadOnlyList<string> Scopes, bool RenewToken = false);

/// <summary>Registry authentication as a handler under the client's <see cref="HttpClient"/>, so the operations
/// never see credentials. Per registry it learns the challenge once (<c>GET /v2/</c>, as Docker does, so that
/// parallel first requests do not all collect a 401) and then adds <c>Authorization</c>: Basic with the user's
/// credentials, or Bearer with a token from the challenge's realm, one token per (registry, scope set), shared by
/// concurrent requests. The realm is checked by <see cref="TokenRealm.Validate"/> before any credential is looked up.
/// A 401 records the new challenge and sets <see cref="RetryMayHelp"/> on the request; the client then sends a fresh
/// copy of the request with <see cref="RegistryRequestScope.RenewToken"/> (a request body can be sent only once,
/// so only the client, which knows how to make the request, can repeat it).</summary>
internal sealed class RegistryAuthenticationHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<RegistryRequestScope> Scope = new("Pipelines.Images.RegistryScope");
    public static readonly HttpRequestOptionsKey<bool> RetryMayHelp = new("Pipelines.Images.AuthRetryMayHelp");

    private readonly IRegistryCredentialProvider _credentials;
    private readonly Func<string, bool> _usesPlainHttp;
    private readonly Func<string, Uri> _pingUri;
    private readonly TimeSpan _requestTimeout;
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _pings = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RegistryCredential?> _credentialCache = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="pingUri">The registry's <c>/v2/</c> endpoint.</param>
    public RegistryAuthenticationHandler(HttpMessageHandler inner, IRegistryCredentialProvider credentials,
        Func<string, bool> usesPlainHttp, Func<string, Uri> pingUri, TimeSpan requestTimeout) : base(inner)
    {
        _credentials = credentials;
        _usesPlainHttp = usesPlainHttp;
        _pingUri = pingUri;
        _requestTimeout = requestTimeout;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Scope, out var scope))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        await PingAsync(scope.Registry, cancellationToken).ConfigureAwait(false);
        await AuthorizeAsync(request, scope, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && AuthChallenge.Parse(response.Headers.WwwAuthenticate) is { } challenge)
        {
            var hadAuthorization = request.Headers.Authorization is not null;
            _challenges[scope.Registry] = challenge;
            request.Options.Set(RetryMayHelp, challenge.IsBearer
                || (challenge.IsBasic && !hadAuthorization && GetCredential(scope.Registry)?.Username is not null));
        }
        return response;
    }

    private RegistryCredential? GetCredential(string registry) =>
        _credentialCache.GetOrAdd(registry, r => _credentials.GetCredential(r));

    private async Task AuthorizeAsync(HttpRequestMessage request, RegistryRequestScope scope, CancellationToken ct)
    {
        if (!_challenges.TryGetValue(scope.Registry, out var challenge))
        {
            return; // the registry asked for nothing (yet): anonymous
        }
        if (challenge.IsBasic)
        {
            if (GetCredential(scope.Registry) is { Username: not null } credential)
            {
                request.Headers.Authorization = BasicHeader(credential);
            }
            return;
        }
        if (!challenge.IsBearer)
        {
            return;
        }
        // The scopes a 401 names are added on the retry: a registry may need more than the operation asked for.
        var scopes = scope.RenewToken && challenge.Scope is not null
            ? AuthChallenge.NormalizeScopes([.. scope.Scopes, .. challenge.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)])
            : AuthChallenge.NormalizeScopes(scope.Scopes);
        var key = scope.Registry + "|" + string.Join(' ', scopes);
        var fetch = new Lazy<Task<string>>(() => FetchTokenAsync(scope.Registry, challenge, scopes));
        var entry = scope.RenewToken ? _tokens.AddOrUpdate(key, fetch, (_, _) => fetch) : _tokens.GetOrAdd(key, fetch);
        string token;
        try
        {
            token = await entry.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            // A failed fetch is not cached: the next request tries again. The caller sees the failure.
            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, entry));
            throw;
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Learns the challenge from <c>GET /v2/</c>, once per registry. A failed ping is forgotten (the next
    /// request pings again) and not reported here: the operation's own request reports the same failure with
    /// its subject.</summary>
    private async Task PingAsync(string registry, CancellationToken ct)
    {
        var ping = _pings.GetOrAdd(registry, r => new Lazy<Task>(async () =>
        {
            using var response = await RegistryResponses.SendWithTimeoutAsync(base.SendAsync,
                new HttpRequestMessage(HttpMethod.Get, _pingUri(r)), _requestTimeout, CancellationToken.None).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && AuthChallenge.Parse(response.Headers.WwwAuthenticate) is { } challenge)
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

    private async Task<string> FetchTokenAsync(string registry, AuthChallenge challenge, IReadOnlyList<string> scopes)
    {
        // First the realm, then the credentials: a refused realm never learns that there were any.
        var realm = TokenRealm.Validate(challenge.Realm, registry, _usesPlainHttp(registry));
        var subject = $"token for {registry} ({string.Join(' ', scopes)}) from {realm}";
        var credential = GetCredential(registry);
        using var request = credential?.IdentityToken is { } refreshToken
            ? RefreshTokenRequest(realm, challenge, scopes, refreshToken)
            : TokenRequest(realm, challenge, scopes, credential);
        using var response = await RegistryResponses.SendWithTimeoutAsync(base.SendAsync, request, _requestTimeout, CancellationToken.None)
            .ConfigureAwait(false);
        await RegistryResponses.EnsureSuccessAsync(response, registry, subject, CancellationToken.None).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
        using var doc = CanonicalJson.Parse(body, subject);
        return CanonicalJson.GetString(doc.RootElement, "token")
            ?? CanonicalJson.GetString(doc.RootElement, "access_token")
            ?? throw new ImageBuildException(ImageErrorCodes.Unauthorized, $"{subject}: the token service answered without a token");
    }

    /// <summary>OAuth2 refresh-token grant (an identity token from <c>docker login</c> with a credential helper).</summary>
    private static HttpRequestMessage RefreshTokenRequest(Uri realm, AuthChallenge challenge, IReadOnlyList<string> scopes, string refreshToken)
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
        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    /// <summary>Docker's token GET: service, scopes and account in the query, Basic credentials when there are any.</summary>
    private static HttpRequestMessage TokenRequest(Uri realm, AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential)
    {
        var query = new List<string>();
        if (challenge.Service is not null)
        {
            query.Add("service=" + Uri.EscapeDataString(challenge.Service));
        }
        query.AddRange(scopes.Select(scope => "scope=" + Uri.EscapeDataString(scope)));
        if (credential?.Username is not null)
        {
            query.Add("account=" + Uri.EscapeDataString(credential.Username));
        }
        var text = realm.OriginalString;
        var request = new HttpRequestMessage(HttpMethod.Get,
            text + (query.Count == 0 ? "" : (text.Contains('?') ? "&" : "?") + string.Join('&', query)));
        if (credential?.Username is not null)
        {
            request.Headers.Authorization = BasicHeader(credential);
        }
        return request;
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
}
