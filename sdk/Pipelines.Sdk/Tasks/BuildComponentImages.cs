using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Pipelines.Fingerprints;
using Pipelines.Images;
using Pipelines.Sdk.Manifest;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Builds one OCI image per component, daemonlessly, with <see cref="Pipelines.Images"/>: the base
/// image, then a layer of NuGet dependencies (only the packages the component reaches, with a
/// <c>.deps.json</c> listing them in a small layer of its own, unless <see cref="TrimPackages"/> is off or
/// reach is unknowable), a layer of helper libraries (project references) and a layer of the project's
/// own output, ordered by how often they change so that what components have in common is
/// byte-identical across them and across rebuilds. Each image is tagged with its component's
/// fingerprint (<see cref="ComponentFingerprinter"/>): a component whose fingerprint is unchanged keeps
/// the image it has in the layout or, when pushing, in the registry (nothing rebuilt or pushed), so
/// its reference, and KFP's cache key, stay the same. Writes every image into one OCI layout, a
/// docker-loadable archive per component on request, pushes when a registry is set, and records
/// each component's digest-pinned reference for the YAML step. A thin adapter: the image and
/// fingerprint logic live in the libraries.
/// </summary>
public sealed class BuildComponentImages : Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required] public string AssemblyPath { get; set; } = "";
    /// <summary>Files of the app. Metadata: <c>Layer</c> (dependencies | helpers | app) and
    /// <c>PathInImage</c> (relative to <see cref="AppDirectory"/>).</summary>
    [Required] public ITaskItem[] LayerFiles { get; set; } = [];
    /// <summary>Checked by the targets (<c>_PipelinesCheckSettings</c>, PIPE1007): absolute, without '..'.</summary>
    public string AppDirectory { get; set; } = "/app";
    /// <summary>A registry reference, <c>oci:&lt;layout dir&gt;[:&lt;ref name&gt;]</c> or <c>docker-archive:&lt;file&gt;</c>. Not
    /// <c>[Required]</c>: empty is refused with the image library's own error (PIPE4007), which says what to set.</summary>
    public string BaseImage { get; set; } = "";
    public string ImageRepositoryPrefix { get; set; } = "";
    /// <summary>An explicit tag (<c>PipelineImageTag</c>) for every image; empty: each component's fingerprint tag, which
    /// is what lets an unchanged component keep its image.</summary>
    public string? ImageTag { get; set; }
    public string? ImageRegistry { get; set; }
    public bool Push { get; set; }
    public string[] InsecureRegistries { get; set; } = [];
    public string? User { get; set; }
    public string? Version { get; set; }
    public string? Revision { get; set; }
    public string? SourceUrl { get; set; }
    [Required] public string LayoutDirectory { get; set; } = "";
    /// <summary>When set, a docker-loadable archive per component is written there.</summary>
    public string? ArchiveDirectory { get; set; }
    /// <summary>JSON map component → pinned image reference, for the YAML step.</summary>
    [Required] public string ImagesFile { get; set; } = "";
    public string? CacheDirectory { get; set; }
    /// <summary>Folder of the previous build's fingerprints (<see cref="FingerprintStore"/>), updated to this build's (for "changed: …").</summary>
    [Required] public string FingerprintsDirectory { get; set; } = "";
    /// <summary>Give each image only the packages its component reaches, where that is safe (<c>PipelineTrimPackages</c>).</summary>
    public bool TrimPackages { get; set; }
    /// <summary>When set, each component's fingerprint inputs are written there as <c>&lt;component&gt;.txt</c>.</summary>
    public string? ExplainDirectory { get; set; }
    /// <summary>Where the fingerprints' code walks are kept for the next build (<c>WalkRecord</c> in Pipelines.Fingerprints).</summary>
    public string? WalkRecordFile { get; set; }

    /// <summary>The docker-loadable archives written, one per component.</summary>
    [Microsoft.Build.Framework.Output] public ITaskItem[] ArchiveFiles { get; private set; } = [];

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        List<ComponentInfo> components;
        try
        {
            components = AssemblyManifest.Read(AssemblyPath, ComponentInfo.MetadataKey).Select(ComponentInfo.Parse).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            Log.LogError(null, SdkDiagnostics.AssemblyUnreadable, null, AssemblyPath, 0, 0, 0, 0, $"Cannot read component specs from '{AssemblyPath}': {e.Message}");
            return false;
        }
        // Container components run the image they name: nothing of this build goes into it, so no image and no fingerprint.
        foreach (var own in components.Where(c => c.Container is not null))
            Log.LogMessage(MessageImportance.Low, $"Pipelines: container component '{own.Name}' runs its own image {own.Container!["image"]}; none built.");
        components = components.Where(c => c.Container is null).ToList();
        if (components.Count == 0)
        {
            Log.LogMessage(MessageImportance.Normal, "Pipelines: no [Component] methods, so no images.");
            return WriteImagesFile(new JsonObject());
        }

        try
        {
            return BuildAsync(components, _cancel.Token).GetAwaiter().GetResult();
        }
        catch (ImageBuildException e)
        {
            // The library's messages start with their code; MSBuild prints the code already.
            var message = e.Message.StartsWith(e.Code + ": ", StringComparison.Ordinal) ? e.Message[(e.Code.Length + 2)..] : e.Message;
            Log.LogError(null, e.Code, null, null, 0, 0, 0, 0, message);
            return false;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, SdkDiagnostics.ImagesFailed, null, AssemblyPath, 0, 0, 0, 0, $"Building the component images failed: {e.Message}");
            return false;
        }
        catch (OperationCanceledException)
        {
            Log.LogError(null, SdkDiagnostics.ImagesFailed, null, null, 0, 0, 0, 0, "Building the component images was cancelled.");
            return false;
        }
    }

    private async Task<bool> BuildAsync(List<ComponentInfo> components, CancellationToken ct)
    {
        var cache = new BlobCache(string.IsNullOrEmpty(CacheDirectory) ? BlobCache.DefaultRoot : CacheDirectory);
        using var registry = new RegistryClient(new RegistryClientOptions
        {
            InsecureRegistries = InsecureRegistries,
            Credentials = DockerCredentialStore.FromEnvironment(),
        });
        var progress = new ProgressLog(Log);
        var timings = new StepTimings();

        var baseImage = await Images.BaseImageSpecifier.ResolveAsync(BaseImage, registry, cache, ct);
        timings.Lap("base image");
        Log.LogMessage(MessageImportance.Normal, $"Pipelines: base image {BaseImage} ({baseImage.Layers.Count} layers)");

        WarnAboutMachineSpecificPaths();
        var builder = new ImageBuilder(cache);
        var layout = new OciImageLayout(LayoutDirectory);
        // Builds that share this layout (and the archives beside it) take turns; what an interrupted one left goes.
        using var layoutLock = await DirectoryLock.AcquireAsync(LayoutDirectory, LayoutLock.Timeout,
            message => Log.LogMessage(MessageImportance.High, "Pipelines: " + message), ct);
        layout.RemoveStaleTemporaryFiles();
        if (!string.IsNullOrEmpty(ArchiveDirectory)) DockerArchive.RemoveStaleTemporaryFiles(ArchiveDirectory);
        cache.RemoveStaleTemporaryFiles(TimeSpan.FromHours(6));
        var pusher = Push ? new ImagePusher(registry) : null;
        var images = new JsonObject();
        var archives = new List<ITaskItem>();
        var built = new List<BuiltImage>();

        // Ref name → entry (the last one, as a reader of the index would take it): looked up for every component.
        var index = new Dictionary<string, Descriptor>(StringComparer.Ordinal);
        foreach (var entry in layout.ReadIndex())
            if (entry.Annotations?.GetValueOrDefault(OciAnnotations.RefName) is { } refName) index[refName] = entry;
        timings.Lap("layout lock");
        // Which images of the layout are whole, every blob hashed (the base layers are most of the bytes): on another
        // thread while this one fingerprints, as neither needs the other.
        var wholeImages = System.Threading.Tasks.Task.Run(() => index.Values.Select(e => e.Digest).Distinct(StringComparer.Ordinal)
            .Where(layout.HasImage).ToHashSet(StringComparer.Ordinal), ct);
        SortedDictionary<string, ComponentFingerprint> fingerprints;
        try
        {
            fingerprints = Fingerprint(components, baseImage);
            timings.Lap("fingerprints");
        }
        finally
        {
            // The check removes bad blobs: it ends before the layout lock is released, whatever happened here.
            await System.Threading.Tasks.Task.WhenAny(wholeImages);
        }
        var whole = await wholeImages;
        timings.Lap("layout check");
        var previous = new FingerprintStore(FingerprintsDirectory);
        var annotations = IndexAnnotations();
        foreach (var component in components)
        {
            ct.ThrowIfCancellationRequested();
            var fingerprint = fingerprints[component.Name];
            var tag = string.IsNullOrEmpty(ImageTag) ? ComponentImageName.FingerprintTag(fingerprint.Digest) : ImageTag;
            var repository = ComponentImageName.Repository(ImageRepositoryPrefix, component.Name);
            var name = ComponentImageName.Name(ImageRegistry, repository);
            // Content-derived tag: an image under it was built from the same fingerprint, so it is this component's image.
            if (string.IsNullOrEmpty(ImageTag) && await FindExistingAsync(index, whole, registry, repository, name, tag, component.Name, ct) is { } existing)
            {
                images[component.Name] = $"{name}:{tag}@{existing.Digest}";
                if (existing.Archive is not null) archives.Add(new Microsoft.Build.Utilities.TaskItem(existing.Archive));
                Log.LogMessage(MessageImportance.High, $"  image {component.Name} -> {images[component.Name]} ({existing.Where})");
                timings.Lap("reuse");
                continue;
            }

            var changes = previous.Describe(fingerprint);
            if (changes == "unchanged") changes = "unchanged, but its image was not found: rebuilt";
            var image = builder.Build(new ImageSpec
            {
                Repository = repository,
                Tags = [tag],
                Layers = Layers(fingerprint),
                WorkingDirectory = AppDirectory,
                User = string.IsNullOrEmpty(User) ? ImageSpec.DefaultUser : User,
                Labels = Labels(component),
            }, baseImage);

            built.Add(image);
            if (!string.IsNullOrEmpty(ArchiveDirectory))
            {
                var archive = Path.Combine(ArchiveDirectory, component.Name + ".tar");
                await WriteArchiveIfChangedAsync(image, archive, progress, ct);
                archives.Add(new Microsoft.Build.Utilities.TaskItem(archive));
            }

            string pinned;
            if (pusher is not null)
            {
                var target = Images.ImageReference.Parse($"{name}:{tag}");
                var result = await pusher.PushAsync(image, target, progress, ct);
                pinned = $"{target.Name}:{tag}@{result.ManifestDigest}";
                Log.LogMessage(MessageImportance.High, $"  image {component.Name} -> {pinned} ({changes}; pushed)");
            }
            else
            {
                pinned = $"{name}:{tag}@{image.ManifestDigest}";
                Log.LogMessage(MessageImportance.High, $"  image {component.Name} -> {pinned} ({changes})");
            }
            images[component.Name] = pinned;
            timings.Lap("build");
        }
        // One index.json write for every image this build made (not one per image), before anything names them.
        await layout.AddAllAsync(built, progress, ct, annotations);
        previous.Save(fingerprints.Values);
        timings.Lap("layout");
        var computed = fingerprints.Values.Count(f => f.Inputs is not null);
        Log.LogMessage(MessageImportance.Normal, $"Pipelines: {components.Count} images, {built.Count} built; {computed} fingerprint(s) computed, the others' taken from the last build: {timings}");
        // Older images stay until every YAML names this build's (PruneComponentImages runs after the YAML step).
        foreach (var digest in layout.RepairedBlobs)
        {
            Log.LogWarning(null, ImageErrorCodes.DigestMismatch, null, null, 0, 0, 0, 0,
                $"Blob {digest} in {LayoutDirectory} did not hash to its digest: it was removed, and written again where this build's images use it.");
        }

        ArchiveFiles = archives.ToArray();
        return WriteImagesFile(images);
    }

    /// <summary>An archive holds the whole image, base included (tens of MiB): rewrite it only when
    /// the image changed. A sidecar file remembers the manifest digest the archive was written for.</summary>
    private static async System.Threading.Tasks.Task WriteArchiveIfChangedAsync(BuiltImage image, string archive, IProgress<ImageProgress> progress, CancellationToken ct)
    {
        var stamp = archive + ".digest";
        if (File.Exists(archive) && File.Exists(stamp) && File.ReadAllText(stamp) == image.ManifestDigest) return;
        await DockerArchive.WriteAsync(image, archive, progress: progress, cancellationToken: ct);
        AtomicFile.WriteAllTextIfChanged(stamp, image.ManifestDigest);
    }

    /// <summary>Helper assemblies built without a PathMap carry this machine's folder: say which, and how to fix it.</summary>
    private void WarnAboutMachineSpecificPaths()
    {
        foreach (var file in LayerFiles.Where(f => string.Equals(f.GetMetadata("Layer"), "helpers", StringComparison.OrdinalIgnoreCase)
                     && f.ItemSpec.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            if (Manifest.EmbeddedBuildPath.Find(file.GetMetadata("FullPath")) is { } path)
            {
                Log.LogWarning(null, SdkDiagnostics.MachineSpecificPath, null, file.ItemSpec, 0, 0, 0, 0,
                    $"'{Path.GetFileName(file.ItemSpec)}' embeds the build folder '{path}', so the component images differ between checkouts " +
                    "of one commit. Set <PathMap>$(MSBuildProjectDirectory)/=/_/$(MSBuildProjectName)/</PathMap> in that project (or its Directory.Build.props).");
            }
        }
    }

    /// <summary>The layers, in order of how rarely they change. Empty ones are left out. Untrimmed (<see cref="ComponentFingerprint.ImagePackages"/>
    /// null): every package, the helpers, the app with its own <c>.deps.json</c>, the same for every component. Trimmed: the
    /// component's packages, then its <c>.deps.json</c> in a layer of its own, then the helpers and the app without a
    /// <c>.deps.json</c>. Its own layer, not the app layer: the app layer then stays one blob for every component of a build
    /// (it would otherwise differ per package set), and components with the same packages share both package layers. It
    /// sits right above the packages because it changes with them; and below the helpers, so an edit to the app still
    /// changes only the top layer.</summary>
    private List<LayerInput> Layers(ComponentFingerprint fingerprint)
    {
        var packages = fingerprint.ImagePackages;
        var manifest = packages is null ? null : AppFiles.DependencyManifest(LayerFiles);
        bool InImage(ITaskItem f) => packages is null
            || (AppFiles.InLayer(f, "dependencies") ? packages.Contains(f.GetMetadata("NuGetPackageId") + "/" + f.GetMetadata("NuGetPackageVersion")) : f != manifest);

        var result = new List<LayerInput>();
        foreach (var layer in new[] { "dependencies", "dependency manifest", "helpers", "app" })
        {
            var entries = layer == "dependency manifest"
                ? (manifest is null ? [] : [LayerEntry.FromBytes(fingerprint.DependencyManifest!, ImagePath(manifest))])
                : LayerFiles
                    .Where(f => AppFiles.InLayer(f, layer) && InImage(f))
                    .Select(f => LayerEntry.File(f.GetMetadata("FullPath"), ImagePath(f)))
                    .GroupBy(e => e.ImagePath, StringComparer.Ordinal).Select(g => g.First())
                    .ToList();
            if (entries.Count > 0) result.Add(new LayerInput(layer, entries));
        }
        return result;
    }

    private string ImagePath(ITaskItem file) => $"{AppDirectory.TrimEnd('/')}/{file.GetMetadata("PathInImage").Replace('\\', '/')}";

    private Dictionary<string, string> Labels(ComponentInfo component)
    {
        // No version or commit: they change with every commit, and an image must change only with its fingerprint.
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [OciAnnotations.Title] = component.Name };
        if (!string.IsNullOrEmpty(SourceUrl)) labels[OciAnnotations.Source] = SourceUrl;
        if (!string.IsNullOrEmpty(component.Description)) labels[OciAnnotations.Description] = component.Description;
        return labels;
    }

    /// <summary>Version and commit of the build that made an image: on its layout index entry, outside the image.</summary>
    private Dictionary<string, string> IndexAnnotations()
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(Version)) annotations[OciAnnotations.Version] = Version;
        if (!string.IsNullOrEmpty(Revision)) annotations[OciAnnotations.Revision] = Revision;
        return annotations;
    }

    /// <summary>Every component's fingerprint: its reachable code in the app and helper assemblies, the packages that code
    /// reaches, content and config files of the app layer, and what goes into the image besides files.</summary>
    private SortedDictionary<string, ComponentFingerprint> Fingerprint(List<ComponentInfo> components, BaseImage baseImage)
    {
        string FullPath(ITaskItem f) => f.GetMetadata("FullPath");
        var request = AppFiles.Request(AssemblyPath, LayerFiles, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["base image config"] = baseImage.ConfigDigest,
            ["app directory"] = AppDirectory,
            ["user"] = string.IsNullOrEmpty(User) ? ImageSpec.DefaultUser : User,
            ["source label"] = SourceUrl ?? "",
            ["image format"] = "1",
            // A trimmed image and an untrimmed one of the same component differ: never under one tag.
            ["image packages"] = TrimPackages ? "reached" : "all",
        }, TrimPackages,
            // Explaining needs every component's inputs: a fingerprint taken from the walk record has only its digest.
            string.IsNullOrEmpty(ExplainDirectory) ? WalkRecordFile : null);
        var fingerprints = ComponentFingerprinter.Compute(request);
        foreach (var component in components.Where(c => !fingerprints.ContainsKey(c.Name)))
        {
            // No executor found in the entry point (an older generator?): the whole app layer, so never stale.
            var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["component " + component.Name] = "no executor found" };
            foreach (var file in LayerFiles) inputs["file " + file.GetMetadata("PathInImage")] = CanonicalHash.OfFile(FullPath(file));
            foreach (var (key, value) in request.Settings) inputs["setting " + key] = value;
            fingerprints[component.Name] = new ComponentFingerprint(component.Name, inputs);
        }
        if (!string.IsNullOrEmpty(ExplainDirectory))
        {
            Directory.CreateDirectory(ExplainDirectory);
            foreach (var fingerprint in fingerprints.Values)
            {
                var file = Path.Combine(ExplainDirectory, fingerprint.Component + ".txt");
                AtomicFile.WriteAllTextIfChanged(file, $"# fingerprint of {fingerprint.Component}: {fingerprint.Digest}\n" + fingerprint.Explain());
            }
            Log.LogMessage(MessageImportance.High, $"Pipelines: fingerprint inputs of each component written to {ExplainDirectory}");
        }
        return fingerprints;
    }

    private sealed record ExistingImage(string Digest, string Where, string? Archive);

    /// <summary>The image already made for this fingerprint tag: in the layout (all its blobs there, and its archive when
    /// archives are on), or, when pushing, in the registry (a HEAD request). Null: build it.</summary>
    private async Task<ExistingImage?> FindExistingAsync(Dictionary<string, Descriptor> index, HashSet<string> wholeImages, RegistryClient registry,
        string repository, string name, string tag, string component, CancellationToken ct)
    {
        var refName = $"{repository}:{tag}";
        var target = Images.ImageReference.Parse($"{name}:{tag}");
        if (index.GetValueOrDefault(refName) is { } entry && wholeImages.Contains(entry.Digest))
        {
            string? archive = null;
            if (!string.IsNullOrEmpty(ArchiveDirectory))
            {
                archive = Path.Combine(ArchiveDirectory, component + ".tar");
                if (!File.Exists(archive) || !File.Exists(archive + ".digest") || File.ReadAllText(archive + ".digest") != entry.Digest) return null;
            }
            if (Push)
            {
                // The registry must hold exactly this image; if it lost it, a rebuild pushes one.
                var pushed = await registry.GetManifestDigestAsync(target.RegistryApiHost, target.Repository, tag, ct);
                if (pushed != entry.Digest) return null;
                return new ExistingImage(entry.Digest, "unchanged, in the layout and the registry", archive);
            }
            return new ExistingImage(entry.Digest, "unchanged, in the layout", archive);
        }
        if (Push && string.IsNullOrEmpty(ArchiveDirectory)
            && await registry.GetManifestDigestAsync(target.RegistryApiHost, target.Repository, tag, ct) is { } digest)
        {
            return new ExistingImage(digest, "unchanged, in the registry", null);
        }

        return null;
    }

    private bool WriteImagesFile(JsonObject images)
    {
        try
        {
            AtomicFile.WriteAllTextIfChanged(ImagesFile, images.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, SdkDiagnostics.WriteFailed, null, ImagesFile, 0, 0, 0, 0, $"Cannot write '{ImagesFile}': {e.Message}");
            return false;
        }
    }

    /// <summary>Pull and push progress in the build log: one line per finished blob, bytes included.</summary>
    private sealed class ProgressLog(Microsoft.Build.Utilities.TaskLoggingHelper log) : IProgress<ImageProgress>
    {
        public void Report(ImageProgress p)
        {
            var what = p.LayerName ?? "base layer";
            var size = Bytes(p.BytesTotal);
            switch (p.State)
            {
                case ImageProgressState.Pulled: log.LogMessage(MessageImportance.High, $"    pulled {what} {Short(p.Digest)} ({size})"); break;
                case ImageProgressState.Uploaded: log.LogMessage(MessageImportance.High, $"    pushed {what} {Short(p.Digest)} to {p.Image} ({size})"); break;
                case ImageProgressState.Mounted: log.LogMessage(MessageImportance.Normal, $"    mounted {what} {Short(p.Digest)} from {p.MountedFrom} ({size})"); break;
                case ImageProgressState.SkippedExists: log.LogMessage(MessageImportance.Normal, $"    {p.Image} already has {what} {Short(p.Digest)} ({size})"); break;
                case ImageProgressState.Pulling or ImageProgressState.Uploading:
                    log.LogMessage(MessageImportance.Low, $"    {(p.State == ImageProgressState.Pulling ? "pulling" : "pushing")} {what} {Short(p.Digest)}: {Bytes(p.BytesDone)} / {size}");
                    break;
                default: log.LogMessage(MessageImportance.Low, $"    {p.State} {what} {Short(p.Digest)}"); break;
            }
        }

        private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;

        private static string Bytes(long n) => n switch
        {
            < 1024 => $"{n} B",
            < 1024 * 1024 => $"{n / 1024.0:0.0} KiB",
            _ => $"{n / (1024.0 * 1024):0.0} MiB",
        };
    }
}
