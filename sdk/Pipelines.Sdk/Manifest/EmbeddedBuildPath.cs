using System.Reflection.PortableExecutable;

namespace Pipelines.Sdk.Manifest;

/// <summary>The PDB path the compiler wrote into an assembly's debug directory. Without a PathMap it is this machine's
/// absolute <c>obj/</c> path, so the assembly's bytes (and every image holding it) depend on where the repository
/// was checked out. Read with System.Reflection.Metadata; the assembly is not loaded.</summary>
internal static class EmbeddedBuildPath
{
    /// <summary>The machine-specific path embedded in <paramref name="assemblyPath"/>, or null when there is none
    /// (mapped to <c>/_/…</c>, relative, no debug directory, or not a PE file).</summary>
    public static string? Find(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            foreach (var entry in pe.ReadDebugDirectory())
            {
                if (entry.Type != DebugDirectoryEntryType.CodeView) continue;
                var path = pe.ReadCodeViewDebugDirectoryData(entry).Path;
                if (Path.IsPathFullyQualified(path) && !path.StartsWith("/_/", StringComparison.Ordinal)) return path;
            }
            return null;
        }
        catch (BadImageFormatException)
        {
            return null; // not a managed assembly (a native library): nothing the compiler wrote
        }
    }
}
