using System.Text.Json;

namespace Pipelines.Fingerprints;

/// <summary>
/// Which packages a component's image carries when images are trimmed (<see cref="FingerprintRequest.TrimPackages"/>),
/// and the fingerprint that goes with it. An image carries:
/// <list type="bullet">
/// <item>the packages the component's code reaches (assembly references, followed through packages: the
/// <c>package …</c> inputs it always had);</item>
/// <item>the packages the process needs before it dispatches to the component: what the generated entry point's
/// <c>Main</c> and registrations reach (the <c>Pipelines</c> runtime, which parses the executor input, among them);</item>
/// <item>the NuGet dependencies of all of those, transitively, from the <c>.deps.json</c>: a package may load another
/// it does not reference (a native-only package through P/Invoke, a plugin by name).</item>
/// </list>
/// Where static reach cannot be known (the component finds code by name: a <c>reflection …</c> input), the image keeps
/// every package. Soundness: the image tag comes from the fingerprint, so everything the trimmed image holds that the
/// component can tell apart must be an input. Every package the image carries counts by its hash, and so does the
/// trimmed <c>.deps.json</c> (project versions masked: they are not inputs anywhere, and the host does not resolve
/// project assemblies by them). A component that keeps every package counts every package.
/// </summary>
internal sealed class PackageTrimming
{
    private readonly DependencyManifest _manifest;
    private readonly ComponentFingerprinter.PackageIndex _packages;
    private readonly IReadOnlyCollection<string> _startup;
    // Most components keep one of a few package sets: each set's trimmed .deps.json is made and hashed once.
    private readonly Dictionary<string, (string Hash, byte[] Manifest)> _trimmed = new(StringComparer.OrdinalIgnoreCase);
    // ... and is reached from one of a few sets of packages: each set's dependency closure is walked once.
    private readonly Dictionary<string, SortedSet<string>> _closures = new(StringComparer.OrdinalIgnoreCase);

    private PackageTrimming(DependencyManifest manifest, ComponentFingerprinter.PackageIndex packages, IReadOnlyCollection<string> startup)
    {
        _manifest = manifest;
        _packages = packages;
        _startup = startup;
    }

    /// <summary>Null when images are not trimmed: trimming is off, the app has no <c>.deps.json</c> (nothing to trim
    /// consistently) or no generated entry point (nothing tells what starts the process).</summary>
    /// <exception cref="IOException">The <c>.deps.json</c> cannot be read.</exception>
    public static PackageTrimming? Create(FingerprintRequest request, CodeAssembly app, List<CodeAssembly> assemblies, ComponentFingerprinter.PackageIndex packages, WalkRecord record)
    {
        if (!request.TrimPackages || string.IsNullOrEmpty(request.DependencyManifestFile) || !File.Exists(request.DependencyManifestFile)) return null;
        DependencyManifest manifest;
        try
        {
            manifest = DependencyManifest.Read(request.DependencyManifestFile);
        }
        catch (JsonException)
        {
            return null; // not a deps.json we understand: the images keep the app's own, with every package
        }
        if (PipelineTraceFingerprinter.EntryPointReach(app, assemblies, record) is not { } entryPoint) return null;
        return new PackageTrimming(manifest, packages, packages.Reached(entryPoint.ExternalAssemblies).ToList());
    }

    /// <summary>Makes <paramref name="inputs"/> (a component's inputs other than its walk's) count the packages its image
    /// carries, and says which those are and the image's <c>.deps.json</c>: null, null when the image keeps them all.</summary>
    public (IReadOnlySet<string>? ImagePackages, byte[]? DependencyManifest) Apply(SortedDictionary<string, string> inputs, WalkResult reach)
    {
        // One spelling per package: the .deps.json's (NuGet ids are case-insensitive, MSBuild metadata may differ).
        foreach (var key in inputs.Keys.Where(k => k.StartsWith(ComponentFingerprinter.PackageIndex.PackagePrefix, StringComparison.Ordinal)).ToList())
            inputs.Remove(key);

        if (reach.FoundCodeByName)
        {
            // Code found by name can load any package: the image keeps them all, and each counts.
            foreach (var package in _manifest.WithDependencies(_packages.All.Concat(_manifest.Packages)))
                inputs[ComponentFingerprinter.PackageIndex.PackagePrefix + package] = _packages.PackageHash(package);
            return (null, null);
        }

        var reached = _packages.Reached(reach.ExternalAssemblies).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var reachedKey = string.Join("\n", reached);
        if (!_closures.TryGetValue(reachedKey, out var kept))
            _closures[reachedKey] = kept = _manifest.WithDependencies(reached.Concat(_startup));
        foreach (var package in kept) inputs[ComponentFingerprinter.PackageIndex.PackagePrefix + package] = _packages.PackageHash(package);
        var setKey = string.Join("\n", kept); // a SortedSet: one order per set
        if (!_trimmed.TryGetValue(setKey, out var trimmed))
            _trimmed[setKey] = trimmed = (CanonicalHash.Of(_manifest.Trim(kept, maskProjectVersions: true)), _manifest.Trim(kept));
        inputs["dependency manifest"] = trimmed.Hash;
        return (kept, trimmed.Manifest);
    }
}
