namespace Pipelines.Fingerprints;

/// <summary>A file of a NuGet package copied to the app (its path in the image and on disk).</summary>
public sealed record PackageFile(string PackageId, string PackageVersion, string PathInImage, string FullPath);

/// <summary>A file copied to the app's output other than assemblies: every component's image holds it.</summary>
public sealed record ContentFile(string PathInImage, string FullPath);

/// <summary>What the fingerprints of one app's components are computed from.</summary>
public sealed class FingerprintRequest
{
    /// <summary>The app assembly, with the generated entry point.</summary>
    public required string AppAssembly { get; init; }
    /// <summary>Helper libraries (project references): walked like the app.</summary>
    public IReadOnlyList<string> HelperAssemblies { get; init; } = [];
    /// <summary>Package files: a package is an input of a component whose code references one of its assemblies.</summary>
    public IReadOnlyList<PackageFile> PackageFiles { get; init; } = [];
    /// <summary>Content and config files (runtimeconfig, content copied to the output): inputs of every component.</summary>
    public IReadOnlyList<ContentFile> ContentFiles { get; init; } = [];
    /// <summary>Everything else every component depends on, by name: base image digest, runtime version, image user,
    /// working directory, environment, command.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    /// <summary>The app's <c>.deps.json</c>, when it has one: which packages depend on which, and what a trimmed image's
    /// copy is made from.</summary>
    public string? DependencyManifestFile { get; init; }
    /// <summary>Give each component an image with only the packages it can reach (<see cref="ComponentFingerprint.ImagePackages"/>),
    /// where that is safe; the fingerprint then counts exactly those packages and the trimmed <c>.deps.json</c>.</summary>
    public bool TrimPackages { get; init; }
    /// <summary>Where the code walks and the fingerprints made from them are recorded for the next build, which takes them
    /// while nothing they read changed (<see cref="WalkRecord"/>); none: every build walks everything.</summary>
    public string? WalkRecordFile { get; init; }
}
