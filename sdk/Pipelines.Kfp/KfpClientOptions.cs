namespace Pipelines.Kfp;

/// <summary>How to reach one KFP API server.</summary>
public sealed record KfpClientOptions
{
    /// <summary>The KFP endpoint (UI/API gateway, e.g. <c>https://kubeflow.example.com/pipeline</c>, or <c>http://localhost:8888</c>).</summary>
    public required Uri Host { get; init; }
    /// <summary>Multi-user KFP: the profile namespace pipelines and experiments belong to.</summary>
    public string? Namespace { get; init; }
    public TokenSource Token { get; init; } = TokenSource.None;
    /// <summary>PEM file with the CA certificate(s) the server's certificate chains to (besides the system's).</summary>
    public string? CaFile { get; init; }
    /// <summary>Retries after the first attempt for requests that are safe to repeat.</summary>
    public int MaxRetryAttempts { get; init; } = 5;
    /// <summary>First retry delay; later ones grow exponentially (with jitter) unless the server sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest wait between attempts, Retry-After included.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Parses a --host value: an absolute http(s) URL; PIPE6001 otherwise.</summary>
    public static Uri ParseHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
            throw new KfpException(KfpDiagnostics.BadHost, "--host is required: the KFP endpoint, e.g. https://kubeflow.example.com/pipeline");
        if (!Uri.TryCreate(host.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new KfpException(KfpDiagnostics.BadHost, $"--host '{host}' is not an http(s) URL without query or fragment, e.g. https://kubeflow.example.com/pipeline");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new KfpException(KfpDiagnostics.BadHost, "--host must not carry credentials; use --token or --token-file");
        // A base path (…/pipeline) keeps its segments when relative API paths are resolved against it.
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }
}
