using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Pipelines.Kfp;

/// <summary>
/// The HttpClient under <see cref="KfpClient"/>: retries (Microsoft.Extensions.Http.Resilience) →
/// bearer token (per attempt) → sockets with the custom CA.
/// </summary>
/// <remarks>
/// What is retried (on 5xx, 408, 429, timeouts and connection failures, honouring Retry-After):
/// GETs, which change nothing; uploads and experiment creation, because KFP keeps their names
/// unique, so a repeat of a request that did get through fails with AlreadyExists instead of
/// making a second object (the caller then looks the object up by name). Run creation has no such
/// key and a repeat would start the pipeline twice, so it is retried only on 429, where the server
/// says it did not take the request.
/// </remarks>
internal static class KfpHttp
{
    /// <summary>Marks a request with how it may be retried.</summary>
    public static readonly HttpRequestOptionsKey<RetryKind> Retry = new("Pipelines.Kfp.Retry");

    public enum RetryKind { Safe, OnlyWhenRefused }

    public static HttpClient Create(KfpClientOptions options)
    {
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (options.CaFile is { } caFile) TrustCa(sockets, caFile);

        var safe = Pipeline(options, refusedOnly: false);
        var refusedOnly = Pipeline(options, refusedOnly: true);
        var retry = new ResilienceHandler(request =>
            request.Options.TryGetValue(Retry, out var kind) && kind == RetryKind.OnlyWhenRefused ? refusedOnly : safe)
        {
            InnerHandler = new BearerTokenHandler(options.Token) { InnerHandler = sockets },
        };
        return new HttpClient(retry) { BaseAddress = options.Host, Timeout = options.RequestTimeout };
    }

    private static ResiliencePipeline<HttpResponseMessage> Pipeline(KfpClientOptions options, bool refusedOnly)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldRetryAfterHeader = true,
        };
        if (refusedOnly)
            retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests);
        if (options.MaxRetryAttempts <= 0) retry.ShouldHandle = _ => ValueTask.FromResult(false);
        return new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(retry).Build();
    }

    /// <summary>Accepts a server certificate that chains to a CA in the file (as well as the system's roots).</summary>
    private static void TrustCa(SocketsHttpHandler handler, string caFile)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new KfpException(KfpDiagnostics.BadCaFile, $"--ca-file '{caFile}' cannot be read as PEM certificates: {e.Message}");
        }
        if (roots.Count == 0)
            throw new KfpException(KfpDiagnostics.BadCaFile, $"--ca-file '{caFile}' holds no PEM certificate");
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                // A name mismatch or a missing certificate is not what a custom CA fixes.
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        };
    }
}
