using Microsoft.Build.Framework;
using Pipelines.Fingerprints;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// The app's files as the image step lays them out (<c>@(_PipelinesImageFile)</c>: metadata <c>Layer</c> = dependencies |
/// helpers | app, and <c>PathInImage</c>), read as what a fingerprint is computed from: helper assemblies are walked like
/// the app, package files count by package, other files by content. Shared by the component fingerprints (image step) and
/// the pipeline trace's fingerprint (YAML step), so both see the same app.
/// </summary>
internal static class AppFiles
{
    public static bool InLayer(ITaskItem file, string layer) => string.Equals(file.GetMetadata("Layer"), layer, StringComparison.OrdinalIgnoreCase);

    /// <summary>The app's <c>.deps.json</c> in the app layer, if it has one.</summary>
    public static ITaskItem? DependencyManifest(IReadOnlyList<ITaskItem> files) =>
        files.FirstOrDefault(f => InLayer(f, "app") && f.ItemSpec.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase));

    /// <param name="trimPackages">Fingerprint each component for an image with only the packages it reaches.</param>
    public static FingerprintRequest Request(string assemblyPath, IReadOnlyList<ITaskItem> files, IReadOnlyDictionary<string, string> settings, bool trimPackages = false, string? walkRecordFile = null)
    {
        static string FullPath(ITaskItem f) => f.GetMetadata("FullPath");
        static bool IsAssembly(ITaskItem f) => f.ItemSpec.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var appAssembly = Path.GetFullPath(assemblyPath);
        return new FingerprintRequest
        {
            AppAssembly = appAssembly,
            HelperAssemblies = files.Where(f => InLayer(f, "helpers") && IsAssembly(f)).Select(FullPath).ToList(),
            PackageFiles = files.Where(f => InLayer(f, "dependencies"))
                .Select(f => new PackageFile(f.GetMetadata("NuGetPackageId"), f.GetMetadata("NuGetPackageVersion"), f.GetMetadata("PathInImage"), FullPath(f))).ToList(),
            // The app layer's files other than code (which is walked) and files that only describe the build: the PDB (line
            // numbers), the .deps.json (every package and version of the project; a reached package counts by its own hash).
            // Helpers' files other than assemblies (their content, native libraries) count like the app's content.
            ContentFiles = files.Where(f => (InLayer(f, "app") || (InLayer(f, "helpers") && !IsAssembly(f)))
                    && !string.Equals(FullPath(f), appAssembly, StringComparison.Ordinal)
                    && !f.ItemSpec.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) && !f.ItemSpec.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase))
                .Select(f => new ContentFile(f.GetMetadata("PathInImage"), FullPath(f))).ToList(),
            Settings = settings,
            DependencyManifestFile = DependencyManifest(files) is { } deps ? FullPath(deps) : null,
            TrimPackages = trimPackages,
            WalkRecordFile = string.IsNullOrEmpty(walkRecordFile) ? null : walkRecordFile,
        };
    }
}
