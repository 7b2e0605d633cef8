using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Pipelines.Fingerprints;

/// <summary>
/// Computes every component's fingerprint from the compiled app: the code its executor can reach in
/// the app and helper assemblies (<see cref="Reachability"/>), its spec, the packages that code
/// references (with the packages those reference), the content files, and the settings. Not the
/// version, the commit, or other components' code.
/// </summary>
public static class ComponentFingerprinter
{
    /// <summary>Component name → fingerprint.</summary>
    /// <exception cref="BadImageFormatException">An assembly cannot be read.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static SortedDictionary<string, ComponentFingerprint> Compute(FingerprintRequest request) =>
        WithAssemblies(request, (app, assemblies, shared, packages) =>
        {
            var result = new SortedDictionary<string, ComponentFingerprint>(StringComparer.Ordinal);
            var record = WalkRecord.Open(request.WalkRecordFile, assemblies);
            var trimming = PackageTrimming.Create(request, app, assemblies, packages, record);
            bool IsEntryPoint(CodeAssembly a, TypeDefinitionHandle t) => a == app && app.TypeName(t) == EntryPointExecutors.TypeName;

            // A component's inputs besides its walk's and its spec: what every component shares and the packages its code
            // reaches. They follow from the walk's findings alone, which most components share: made once per findings.
            var othersByFindings = new Dictionary<string, Others>(StringComparer.Ordinal);
            Others OthersOf(WalkResult walk)
            {
                var key = (walk.FoundCodeByName ? "1" : "0") + string.Concat(walk.ExternalAssemblies.Select(e => $"\n{e.Key}={e.Value}"));
                if (othersByFindings.TryGetValue(key, out var others)) return others;
                var inputs = new SortedDictionary<string, string>(shared, StringComparer.Ordinal);
                foreach (var (name, value) in packages.Inputs(walk.ExternalAssemblies)) inputs[name] = value;
                var (imagePackages, manifest) = trimming?.Apply(inputs, walk) ?? (null, null);
                return othersByFindings[key] = new Others(inputs, ComponentFingerprint.DigestOf(inputs), imagePackages, manifest);
            }
            // What the record compares: these inputs, the spec's included (the whole of a fingerprint's inputs is then its
            // walk's, which the record vouches for, and these).
            static string Context(Others others, string specDigest)
            {
                using var hash = new CanonicalHash();
                return hash.Write(others.Digest).Write(specDigest).Finish();
            }

            foreach (var (name, (spec, executor)) in EntryPointExecutors.Find(app))
            {
                var walkName = "component " + name;
                var start = "root " + MetadataTokens.GetRowNumber(executor);
                var specDigest = CanonicalHash.Of(System.Text.Encoding.UTF8.GetBytes(spec));
                if (record.Reuse(walkName, start) is { } recorded)
                {
                    var others = OthersOf(recorded);
                    if (record.Fingerprint(walkName, walkName, Context(others, specDigest)) is { } digest)
                    {
                        result[name] = ComponentFingerprint.Recorded(name, digest, others.ImagePackages, others.DependencyManifest);
                        continue;
                    }
                }
                var reach = new Reachability(assemblies, IsEntryPoint);
                reach.AddRoot(app, executor);
                reach.Run();
                var walk = reach.Result(start);
                record.Walked(walkName, walk);
                var walkOthers = OthersOf(walk);
                var inputs = new SortedDictionary<string, string>(walkOthers.Inputs, StringComparer.Ordinal) { ["component spec"] = specDigest };
                foreach (var (key, value) in walk.Inputs!) inputs[key] = value;
                var fingerprint = new ComponentFingerprint(name, inputs) { ImagePackages = walkOthers.ImagePackages, DependencyManifest = walkOthers.DependencyManifest };
                record.Fingerprinted(walkName, walkName, Context(walkOthers, specDigest), fingerprint.Digest);
                result[name] = fingerprint;
            }
            record.Save();
            return result;
        });

    private sealed record Others(SortedDictionary<string, string> Inputs, string Digest, IReadOnlySet<string>? ImagePackages, byte[]? DependencyManifest);

    /// <summary>Opens the app and helper assemblies (a helper that is not .NET metadata, e.g. a native library, counts as an
    /// opaque file of every fingerprint), computes the inputs every fingerprint shares and indexes the packages, runs
    /// <paramref name="body"/> and closes the assemblies.</summary>
    internal static T WithAssemblies<T>(FingerprintRequest request, Func<CodeAssembly, List<CodeAssembly>, SortedDictionary<string, string>, PackageIndex, T> body)
    {
        var assemblies = new List<CodeAssembly>();
        try
        {
            var app = CodeAssembly.Open(request.AppAssembly);
            assemblies.Add(app);
            var opaque = new List<string>();
            foreach (var helper in request.HelperAssemblies.Distinct(StringComparer.Ordinal))
            {
                CodeAssembly assembly;
                try
                {
                    assembly = CodeAssembly.Open(helper);
                }
                catch (BadImageFormatException)
                {
                    opaque.Add(helper); // a native library beside the helpers: an input of every component
                    continue;
                }
                if (assemblies.Any(a => string.Equals(a.Name, assembly.Name, StringComparison.OrdinalIgnoreCase))) assembly.Dispose();
                else assemblies.Add(assembly);
            }

            var shared = SharedInputs(request);
            foreach (var file in opaque) shared["file " + Path.GetFileName(file)] = CanonicalHash.OfFile(file);
            return body(app, assemblies, shared, new PackageIndex(request.PackageFiles));
        }
        finally
        {
            foreach (var assembly in assemblies) assembly.Dispose();
        }
    }

    private static SortedDictionary<string, string> SharedInputs(FingerprintRequest request)
    {
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Settings) inputs["setting " + key] = value;
        foreach (var file in request.ContentFiles) inputs["content " + file.PathInImage.Replace('\\', '/')] = CanonicalHash.OfFile(file.FullPath);
        return inputs;
    }

    /// <summary>Package files by assembly name, and each package's hash over all of its files.</summary>
    internal sealed class PackageIndex
    {
        private readonly Dictionary<string, PackageFile> _byAssembly = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<PackageFile>> _byPackage = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _hashes = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<string>> _references = new(StringComparer.OrdinalIgnoreCase);

        public PackageIndex(IEnumerable<PackageFile> files)
        {
            foreach (var file in files)
            {
                var package = file.PackageId + "/" + file.PackageVersion;
                if (!_byPackage.TryGetValue(package, out var list)) _byPackage[package] = list = [];
                list.Add(file);
                if (file.FullPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    _byAssembly.TryAdd(Path.GetFileNameWithoutExtension(file.FullPath), file);
            }
        }

        /// <summary>Every package with files in the app (<c>Id/Version</c>).</summary>
        public IEnumerable<string> All => _byPackage.Keys;

        /// <summary>The packages (<c>Id/Version</c>) of <see cref="Inputs"/>.</summary>
        public IEnumerable<string> Reached(IReadOnlyDictionary<string, string> externalAssemblies) =>
            Inputs(externalAssemblies).Keys.Where(k => k.StartsWith(PackagePrefix, StringComparison.Ordinal)).Select(k => k[PackagePrefix.Length..]);

        public const string PackagePrefix = "package ";

        /// <summary><c>package Id/Version</c> for each package whose assembly is reached, directly or through
        /// another reached package; <c>framework Name</c> with the referenced version for the others.</summary>
        public SortedDictionary<string, string> Inputs(IReadOnlyDictionary<string, string> externalAssemblies)
        {
            var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>(externalAssemblies.Keys);
            var seen = new HashSet<string>(externalAssemblies.Keys, StringComparer.OrdinalIgnoreCase);
            while (queue.Count > 0)
            {
                var assembly = queue.Dequeue();
                if (!_byAssembly.TryGetValue(assembly, out var file))
                {
                    if (externalAssemblies.TryGetValue(assembly, out var version)) inputs["framework " + assembly] = version;
                    continue;
                }
                var package = file.PackageId + "/" + file.PackageVersion;
                inputs["package " + package] = PackageHash(package);
                foreach (var reference in References(file.FullPath))
                    if (seen.Add(reference)) queue.Enqueue(reference);
            }
            return inputs;
        }

        /// <summary>A hash over all of the package's files in the image (none: a package without runtime files).</summary>
        public string PackageHash(string package)
        {
            if (_hashes.TryGetValue(package, out var hash)) return hash;
            using var canonical = new CanonicalHash();
            foreach (var file in (_byPackage.GetValueOrDefault(package) ?? []).OrderBy(f => f.PathInImage, StringComparer.Ordinal))
                canonical.Write(file.PathInImage.Replace('\\', '/')).Write(CanonicalHash.OfFile(file.FullPath));
            return _hashes[package] = canonical.Finish();
        }

        private List<string> References(string path)
        {
            if (_references.TryGetValue(path, out var names)) return names;
            names = [];
            try
            {
                using var pe = new PEReader(File.OpenRead(path));
                if (pe.HasMetadata)
                {
                    var reader = pe.GetMetadataReader();
                    foreach (var handle in reader.AssemblyReferences) names.Add(reader.GetString(reader.GetAssemblyReference(handle).Name));
                }
            }
            catch (BadImageFormatException)
            {
                // A native file named .dll: it references nothing we could follow.
            }
            return _references[path] = names;
        }
    }
}
