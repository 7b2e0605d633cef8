using System.Net.Http.Headers;

namespace Pipelines.Kfp;

/// <summary>
/// Puts <c>Authorization: Bearer …</c> on every attempt (it sits inside the retry handler, so a
/// retry after a token rotation sends the new token). Counts attempts for error messages.
/// </summary>
internal sealed class BearerTokenHandler(TokenSource tokens) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<int> Attempts = new("Pipelines.Kfp.Attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(Attempts, out var attempts);
        request.Options.Set(Attempts, attempts + 1);
        request.Headers.Authorization = tokens.GetToken() is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;
        return base.SendAsync(request, cancellationToken);
    }
}
