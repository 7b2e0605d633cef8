namespace Pipelines.Kfp;

/// <summary>
/// Where the bearer token comes from. A file is read again for every request: Kubernetes rotates
/// projected service-account tokens in place, so a token read once goes stale in a long --wait.
/// </summary>
public abstract class TokenSource
{
    /// <summary>KFP's own variable for a token file (its SDK and PodDefaults use it).</summary>
    public const string TokenPathVariable = "KF_PIPELINES_SA_TOKEN_PATH";
    /// <summary>A token value in the environment (for CI; <c>--token</c> wins).</summary>
    public const string TokenVariable = "KF_PIPELINES_TOKEN";
    /// <summary>Where KFP's PodDefault mounts the pipelines-audience token inside a cluster.</summary>
    public const string InClusterTokenPath = "/var/run/secrets/kubeflow/pipelines/token";

    /// <summary>The token for the next request, or null for none.</summary>
    public abstract string? GetToken();

    public static TokenSource None { get; } = new Fixed(null);

    public static TokenSource FromValue(string token) => new Fixed(token.Trim());

    /// <summary>A token file; PIPE6002 now if it cannot be read (and on any later request that cannot).</summary>
    public static TokenSource FromFile(string path)
    {
        var source = new FromPath(Path.GetFullPath(path));
        source.GetToken();
        return source;
    }

    /// <summary>
    /// The usual order: an explicit token, an explicit file, <c>KF_PIPELINES_TOKEN</c>,
    /// <c>KF_PIPELINES_SA_TOKEN_PATH</c>, then the in-cluster path when it exists; else none.
    /// </summary>
    public static TokenSource Resolve(string? token, string? tokenFile, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(token)) return FromValue(token);
        if (!string.IsNullOrWhiteSpace(tokenFile)) return FromFile(tokenFile);
        if (environment(TokenVariable) is { Length: > 0 } fromEnvironment) return FromValue(fromEnvironment);
        if (environment(TokenPathVariable) is { Length: > 0 } pathFromEnvironment) return FromFile(pathFromEnvironment);
        return File.Exists(InClusterTokenPath) ? FromFile(InClusterTokenPath) : None;
    }

    private sealed class Fixed(string? token) : TokenSource
    {
        public override string? GetToken() => token;
    }

    private sealed class FromPath(string path) : TokenSource
    {
        public override string GetToken()
        {
            try
            {
                var token = File.ReadAllText(path).Trim();
                if (token.Length == 0) throw new KfpException(KfpDiagnostics.TokenUnavailable, $"token file '{path}' is empty");
                return token;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KfpException(KfpDiagnostics.TokenUnavailable, $"token file '{path}' cannot be read: {e.Message}");
            }
        }
    }
}
