namespace Pipelines.Images;

public enum LayerEntryKind
{
    File,
    Directory,
    Symlink,
}

/// <summary>One entry of a layer: a file (from disk or from bytes), a directory or a symbolic link,
/// with the path it gets inside the image and its permission bits. Owner, group and times are not
/// configurable: every entry is root:root (uid/gid 0, no names) with the layer's fixed timestamp.</summary>
public sealed class LayerEntry
{
    /// <summary>0644.</summary>
    public const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0755, for directories and executables.</summary>
    public const UnixFileMode ExecutableMode = DefaultFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private LayerEntry(LayerEntryKind kind, string imagePath, UnixFileMode mode, string? sourcePath, byte[]? content, string? linkTarget)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        Kind = kind;
        ImagePath = imagePath;
        Mode = mode & (UnixFileMode)0xFFF;
        SourcePath = sourcePath;
        Content = content;
        LinkTarget = linkTarget;
    }

    public LayerEntryKind Kind { get; }
    /// <summary>Absolute or relative POSIX path inside the image (a leading <c>/</c> is dropped in the tar).</summary>
    public string ImagePath { get; }
    public UnixFileMode Mode { get; }
    /// <summary>The file on disk whose bytes go in the layer (for files from disk).</summary>
    public string? SourcePath { get; }
    /// <summary>The bytes of a file given in memory.</summary>
    public byte[]? Content { get; }
    public string? LinkTarget { get; }

    /// <summary>A file from disk: mode 0644, or 0755 when <paramref name="executable"/>. The source file's own
    /// mode, owner and times are ignored.</summary>
    public static LayerEntry File(string sourcePath, string imagePath, bool executable = false) =>
        File(sourcePath, imagePath, executable ? ExecutableMode : DefaultFileMode);

    public static LayerEntry File(string sourcePath, string imagePath, UnixFileMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        return new(LayerEntryKind.File, imagePath, mode, Path.GetFullPath(sourcePath), null, null);
    }

    public static LayerEntry FromBytes(byte[] content, string imagePath, UnixFileMode mode = DefaultFileMode)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new(LayerEntryKind.File, imagePath, mode, null, content, null);
    }

    public static LayerEntry Directory(string imagePath, UnixFileMode mode = ExecutableMode) =>
        new(LayerEntryKind.Directory, imagePath, mode, null, null, null);

    public static LayerEntry Symlink(string imagePath, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        return new(LayerEntryKind.Symlink, imagePath, (UnixFileMode)0x1FF, null, null, target);
    }

    public override string ToString() => $"{Kind} {ImagePath} ({Convert.ToString((int)Mode, 8)})";
}

/// <summary>The input of one layer: a name (<c>dependencies</c>, <c>helpers</c>, <c>app</c>…, recorded in the
/// image history) and its entries. The order of the entries does not matter: they are sorted by path.</summary>
public sealed class LayerInput
{
    public LayerInput(string name, IEnumerable<LayerEntry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Entries = [.. entries];
    }

    public string Name { get; }
    public IReadOnlyList<LayerEntry> Entries { get; }

    /// <summary>Every file under <paramref name="sourceDirectory"/> (recursively), placed under
    /// <paramref name="imageDirectory"/>; <paramref name="isExecutable"/> receives the relative path
    /// (with <c>/</c> separators). Symbolic links on disk are followed.</summary>
    public static LayerInput FromDirectory(string name, string sourceDirectory, string imageDirectory, Func<string, bool>? isExecutable = null)
    {
        var root = Path.GetFullPath(sourceDirectory);
        var entries = new List<LayerEntry>();
        foreach (var file in System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            entries.Add(LayerEntry.File(file, imageDirectory.TrimEnd('/') + "/" + relative, isExecutable?.Invoke(relative) ?? false));
        }
        return new LayerInput(name, entries);
    }
}
