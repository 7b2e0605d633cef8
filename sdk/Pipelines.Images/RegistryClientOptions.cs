namespace Pipelines.Images;

/// <summary>Settings of a <see cref="RegistryClient"/>.</summary>
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
