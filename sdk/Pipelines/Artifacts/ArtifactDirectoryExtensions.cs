namespace Pipelines;

/// <summary>
/// Artifacts that are directories. KFP's launcher uploads whatever is at an output's path, a file or
/// a whole directory tree, and downloads an input the same way; these helpers make the directory
/// form as easy as the file form: <c>model.CreateDirectory()</c>, <c>model.FileIn("weights/layer1.bin")</c>,
/// <c>data.Files("*.csv")</c>. Paths inside an artifact are relative, with <c>/</c> separators, and may
/// not leave the artifact (<c>..</c>, rooted paths).
/// </summary>
public static class ArtifactDirectoryExtensions
{
    /// <summary>Makes the output a directory (creating it and its parents) and returns its path.</summary>
    public static string CreateDirectory<T>(this Output<T> output) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(output);
        if (File.Exists(output.Path))
            throw new IOException($"Output artifact path '{output.Path}' is already a file, so it cannot be a directory.");
        Directory.CreateDirectory(output.Path);
        return output.Path;
    }

    /// <summary>The path of <paramref name="relativePath"/> inside the output directory, with its parent
    /// directories created: <c>File.WriteAllText(model.FileIn("config/params.json"), json)</c>.</summary>
    public static string FileIn<T>(this Output<T> output, string relativePath) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(output);
        var path = Inside(output.Path, relativePath);
        output.CreateDirectory();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>The path of <paramref name="relativePath"/> inside the input directory (whether or not it exists).</summary>
    public static string FileIn<T>(this Input<T> input, string relativePath) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(input);
        return Inside(input.Path, relativePath);
    }

    /// <summary>Whether the input artifact is a directory (rather than a single file).</summary>
    public static bool IsDirectory<T>(this Input<T> input) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(input);
        return Directory.Exists(input.Path);
    }

    /// <summary>
    /// The files of the input directory and its subdirectories matching <paramref name="searchPattern"/>
    /// (<c>*</c> and <c>?</c>, on file names), as relative paths with <c>/</c> separators, in ordinal
    /// order: the same list on every machine and file system, so what a component derives from it is
    /// deterministic. Pass each to <see cref="FileIn{T}(Input{T}, string)"/> to open it.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The input is a file or does not exist.</exception>
    public static IReadOnlyList<string> Files<T>(this Input<T> input, string searchPattern = "*") where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(searchPattern);
        if (!Directory.Exists(input.Path))
        {
            throw new DirectoryNotFoundException(File.Exists(input.Path)
                ? $"Input artifact '{input.Path}' is a file, not a directory."
                : $"Input artifact '{input.Path}' does not exist.");
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseSensitive, AttributesToSkip = 0 };
        return [.. Directory.EnumerateFiles(input.Path, searchPattern, options)
            .Select(f => System.IO.Path.GetRelativePath(input.Path, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    private static string Inside(string root, string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        if (System.IO.Path.IsPathRooted(relativePath))
            throw new ArgumentException($"'{relativePath}' is rooted; give a path relative to the artifact.", nameof(relativePath));
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, relativePath));
        var rootFull = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root));
        if (!full.StartsWith(rootFull + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{relativePath}' leaves the artifact's directory '{root}'.", nameof(relativePath));
        return full;
    }
}
