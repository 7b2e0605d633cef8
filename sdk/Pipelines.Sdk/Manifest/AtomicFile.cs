using System.Text;

namespace Pipelines.Sdk.Manifest;

/// <summary>Writes files so a reader never sees half of one: to a temporary file in the same
/// folder, then a rename. Unchanged content is not rewritten, so timestamps stay put.</summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <returns>True when the file was created or changed.</returns>
    public static bool WriteAllTextIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path, Utf8NoBom) == text) return false;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text, Utf8NoBom);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return true;
    }

    /// <summary>Deletes the files matching <paramref name="pattern"/> in <paramref name="dir"/>
    /// that are not in <paramref name="keep"/>: outputs of components or pipelines that no longer exist.</summary>
    public static IReadOnlyList<string> DeleteStale(string dir, string pattern, IEnumerable<string> keep)
    {
        if (!Directory.Exists(dir)) return [];
        var keepSet = new HashSet<string>(keep.Select(Path.GetFullPath), StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (var file in Directory.EnumerateFiles(dir, pattern))
        {
            if (keepSet.Contains(Path.GetFullPath(file))) continue;
            File.Delete(file);
            deleted.Add(file);
        }
        return deleted;
    }
}
