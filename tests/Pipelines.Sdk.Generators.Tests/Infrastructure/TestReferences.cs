using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// Metadata references for test compilations: the .NET reference pack the SDK compiles user code
/// against (falling back to the running runtime's assemblies) plus the real <c>Pipelines.dll</c>.
/// No NuGet download, so the tests stay fast and offline.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFramework);
    private static readonly Lazy<MetadataReference> s_pipelines = new(() => MetadataReference.CreateFromFile(typeof(global::Pipelines.PipelineBuilder).Assembly.Location));

    /// <summary>The framework only: code that does not reference the Pipelines library.</summary>
    public static ImmutableArray<MetadataReference> Framework => s_framework.Value;

    public static MetadataReference Pipelines => s_pipelines.Value;

    /// <summary>Framework plus Pipelines.dll: what a user project compiles against.</summary>
    public static ImmutableArray<MetadataReference> All => Framework.Add(Pipelines);

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        var directory = FindReferencePack() ?? Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            if (IsManagedAssembly(file)) references.Add(MetadataReference.CreateFromFile(file));
        }
        return references.ToImmutable();
    }

    /// <summary><c>&lt;dotnet&gt;/packs/Microsoft.NETCore.App.Ref/&lt;runtime version&gt;/ref/net&lt;major&gt;.0</c>, if installed.</summary>
    private static string? FindReferencePack()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var runtimeDirectory = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        var root = runtimeDirectory.Parent?.Parent?.Parent;
        if (root is null) return null;
        var tfm = $"net{Environment.Version.Major}.0";
        var exact = Path.Combine(root.FullName, "packs", "Microsoft.NETCore.App.Ref", runtimeDirectory.Name, "ref", tfm);
        if (Directory.Exists(exact)) return exact;
        var packs = Path.Combine(root.FullName, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        return Directory.EnumerateDirectories(packs)
            .Select(d => Path.Combine(d, "ref", tfm))
            .Where(Directory.Exists)
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
