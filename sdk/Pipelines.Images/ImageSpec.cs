namespace Pipelines.Images;

/// <summary>What to build: the repository and tags, the layers (bottom to top, above the base), and the runtime
/// configuration. There is no entrypoint unless one is given (KFP executors name the program in <c>command</c>).</summary>
public sealed class ImageSpec
{
    /// <summary>The .NET images' non-root <c>app</c> user.</summary>
    public const string DefaultUser = "1654";

    /// <summary>Repository, with or without registry (<c>kfp/clean</c>, <c>registry.example.com/ml/clean</c>).</summary>
    public required string Repository { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = ["latest"];
    /// <summary>Layers above the base, bottom first (e.g. dependencies, helpers, app). Identical inputs give
    /// byte-identical blobs, so images that share dependency/helper layers share blobs.</summary>
    public IReadOnlyList<LayerInput> Layers { get; init; } = [];
    /// <summary>Added to (and overriding by name) the base's environment; appended in ordinal key order.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string? WorkingDirectory { get; init; } = "/app";
    /// <summary>Numeric non-root user by default; null keeps the base's user.</summary>
    public string? User { get; init; } = DefaultUser;
    /// <summary>Added to (and overriding) the base's labels: org.opencontainers.image.version/revision/source/title…</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Null: no entrypoint (the base's is dropped too).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>Null: no cmd (the base's is dropped too).</summary>
    public IReadOnlyList<string>? Cmd { get; init; }
    /// <summary>Manifest annotations (besides base.name/base.digest, which are added for registry bases).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    /// <summary>The time in the config's <c>created</c> and history, and the layers' entry mtime. Null: SOURCE_DATE_EPOCH,
    /// else 1970-01-01T00:00:01Z.</summary>
    public DateTimeOffset? Created { get; init; }
}

/// <summary>A built image: manifest and config bytes (hash them to get the digests) and its layers, base first.</summary>
public sealed class BuiltImage
{
    internal BuiltImage(string repository, IReadOnlyList<string> tags, byte[] manifestBytes, byte[] configBytes, IReadOnlyList<ImageLayer> layers,
        IReadOnlyList<BuiltLayer> newLayers, BaseImage baseImage, Platform platform)
    {
        Repository = repository;
        Tags = tags;
        ManifestBytes = manifestBytes;
        ConfigBytes = configBytes;
        ManifestDigest = Digests.Sha256(manifestBytes);
        ConfigDigest = Digests.Sha256(configBytes);
        Layers = layers;
        NewLayers = newLayers;
        Base = baseImage;
        Platform = platform;
    }

    public string Repository { get; }
    public IReadOnlyList<string> Tags { get; }
    public string ManifestDigest { get; }
    public string ManifestMediaType => MediaTypes.OciManifest;
    public byte[] ManifestBytes { get; }
    public string ConfigDigest { get; }
    public string ConfigMediaType => MediaTypes.OciConfig;
    public byte[] ConfigBytes { get; }
    /// <summary>All layers, base first.</summary>
    public IReadOnlyList<ImageLayer> Layers { get; }
    /// <summary>The layers this build wrote (or took from the cache), in spec order.</summary>
    public IReadOnlyList<BuiltLayer> NewLayers { get; }
    public BaseImage Base { get; }
    public Platform Platform { get; }

    public Descriptor ManifestDescriptor => new(ManifestMediaType, ManifestDigest, ManifestBytes.LongLength);
    public Descriptor ConfigDescriptor => new(ConfigMediaType, ConfigDigest, ConfigBytes.LongLength);

    /// <summary><c>repository@sha256:…</c> — how pipeline YAML pins the image.</summary>
    public string PinnedReference => $"{Repository}@{ManifestDigest}";
}
