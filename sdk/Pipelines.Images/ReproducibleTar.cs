using System.Globalization;
using System.Text;

namespace Pipelines.Images;

/// <summary>A minimal, fully deterministic tar writer. Every entry is a POSIX ustar header; a PAX
/// extended header (with the constant name <see cref="PaxHeaderName"/>) is added only when ustar cannot
/// hold the entry: a path that does not split into prefix(155)/name(100), a non-ASCII path or link target,
/// a link target over 100 bytes, or a file of 8 GiB or more. uid/gid 0, empty uname/gname, one fixed
/// mtime, no atime/ctime, devmajor/devminor 0. The archive ends with two zero blocks and is not padded to a
/// record size. Written here rather than with System.Formats.Tar so that the bytes, and therefore the
/// digests, cannot change with the runtime's tar implementation.</summary>
internal static class ReproducibleTar
{
    public const string PaxHeaderName = "././@PaxHeader";
    private const long MaxUstarSize = 8589934591; // 077777777777
    private static readonly byte[] Zeros = new byte[1024];

    internal sealed record Item(string Path, LayerEntryKind Kind, UnixFileMode Mode, LayerEntry? Source, string? LinkTarget);

    /// <summary>Normalizes, de-duplicates, completes (parent directories, 0755) and sorts the entries.</summary>
    public static List<Item> Plan(IEnumerable<LayerEntry> entries)
    {
        var items = new Dictionary<string, Item>(StringComparer.Ordinal);
        var implied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var path = NormalizePath(entry.ImagePath);
            var item = new Item(path, entry.Kind, entry.Mode, entry, entry.LinkTarget);
            if (items.TryGetValue(path, out var existing))
            {
                if (existing.Kind == LayerEntryKind.Directory && item.Kind == LayerEntryKind.Directory && existing.Mode == item.Mode)
                {
                    continue;
                }
                throw new ArgumentException($"the layer has two entries for '/{path}' ({existing.Source} and {entry})");
            }
            items[path] = item;
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                implied.Add(path[..slash]);
            }
        }
        foreach (var dir in implied)
        {
            if (items.TryGetValue(dir, out var existing))
            {
                if (existing.Kind != LayerEntryKind.Directory)
                {
                    throw new ArgumentException($"'/{dir}' is both a {existing.Kind.ToString().ToLowerInvariant()} and a parent directory in the layer");
                }
            }
            else
            {
                items[dir] = new Item(dir, LayerEntryKind.Directory, LayerEntry.ExecutableMode, null, null);
            }
        }
        var list = items.Values.ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return list;
    }

    internal static string NormalizePath(string imagePath)
    {
        var parts = new List<string>();
        foreach (var part in imagePath.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == ".." || part.Contains('\0'))
            {
                throw new ArgumentException($"image path '{imagePath}' must not contain '..' or NUL");
            }
            parts.Add(part);
        }
        if (parts.Count == 0)
        {
            throw new ArgumentException($"image path '{imagePath}' names the root");
        }
        return string.Join('/', parts);
    }

    public static void Write(IReadOnlyList<Item> items, Stream output, long mtime)
    {
        if (mtime < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mtime), "the layer timestamp must not be before 1970");
        }
        var buffer = new byte[1 << 16];
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case LayerEntryKind.Directory:
                    WriteHeader(output, item.Path + "/", '5', 0, item.Mode, mtime, null);
                    break;
                case LayerEntryKind.Symlink:
                    WriteHeader(output, item.Path, '2', 0, item.Mode, mtime, item.LinkTarget);
                    break;
                default:
                    var source = item.Source!;
                    if (source.Content is { } bytes)
                    {
                        WriteHeader(output, item.Path, '0', bytes.Length, item.Mode, mtime, null);
                        output.Write(bytes);
                        Pad(output, bytes.Length);
                    }
                    else
                    {
                        using var file = new FileStream(source.SourcePath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                        var length = file.Length;
                        WriteHeader(output, item.Path, '0', length, item.Mode, mtime, null);
                        var remaining = length;
                        while (remaining > 0)
                        {
                            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                            if (read == 0)
                            {
                                throw new IOException($"'{source.SourcePath}' shrank while it was being added to the layer");
                            }
                            output.Write(buffer, 0, read);
                            remaining -= read;
                        }
                        if (file.Read(buffer, 0, 1) != 0)
                        {
                            throw new IOException($"'{source.SourcePath}' grew while it was being added to the layer");
                        }
                        Pad(output, length);
                    }
                    break;
            }
        }
        output.Write(Zeros);
    }

    private static void Pad(Stream output, long length)
    {
        var rem = (int)(length % 512);
        if (rem != 0)
        {
            output.Write(Zeros, 0, 512 - rem);
        }
    }

    private static void WriteHeader(Stream output, string name, char type, long size, UnixFileMode mode, long mtime, string? linkName)
    {
        var pax = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var asciiName = Ascii.IsValid(name);
        string ustarName = name, prefix = "";
        if (!asciiName || !TrySplit(name, out ustarName, out prefix))
        {
            pax["path"] = name;
            ustarName = Truncate(ToAscii(name), 100);
            prefix = "";
        }
        var ustarLink = linkName ?? "";
        if (linkName is not null && (!Ascii.IsValid(linkName) || linkName.Length > 100))
        {
            pax["linkpath"] = linkName;
            ustarLink = Truncate(ToAscii(linkName), 100);
        }
        var ustarSize = size;
        if (size > MaxUstarSize)
        {
            pax["size"] = size.ToString(CultureInfo.InvariantCulture);
            ustarSize = 0;
        }
        if (pax.Count > 0)
        {
            var records = PaxRecords(pax);
            output.Write(Header(PaxHeaderName, 'x', records.Length, LayerEntry.DefaultFileMode, mtime, "", ""));
            output.Write(records);
            Pad(output, records.Length);
        }
        output.Write(Header(ustarName, type, ustarSize, mode, mtime, ustarLink, prefix));
    }

    private static byte[] Header(string name, char type, long size, UnixFileMode mode, long mtime, string linkName, string prefix)
    {
        var h = new byte[512];
        Put(h, 0, 100, name);
        PutOctal(h, 100, 8, (long)mode);
        PutOctal(h, 108, 8, 0);
        PutOctal(h, 116, 8, 0);
        PutOctal(h, 124, 12, size);
        PutOctal(h, 136, 12, mtime);
        h[156] = (byte)type;
        Put(h, 157, 100, linkName);
        Put(h, 257, 6, "ustar");
        Put(h, 263, 2, "00");
        // uname (265) and gname (297) stay empty.
        PutOctal(h, 329, 8, 0);
        PutOctal(h, 337, 8, 0);
        Put(h, 345, 155, prefix);
        for (var i = 148; i < 156; i++)
        {
            h[i] = (byte)' ';
        }
        long sum = 0;
        foreach (var b in h)
        {
            sum += b;
        }
        var checksum = Convert.ToString(sum, 8).PadLeft(6, '0');
        Put(h, 148, 6, checksum);
        h[154] = 0;
        h[155] = (byte)' ';
        return h;
    }

    private static bool TrySplit(string name, out string ustarName, out string prefix)
    {
        if (name.Length <= 100)
        {
            ustarName = name;
            prefix = "";
            return true;
        }
        // The name part may not be empty; a directory's trailing '/' stays in the name part.
        for (var i = name.Length - 2; i >= 0; i--)
        {
            if (name[i] == '/' && i <= 155 && name.Length - i - 1 <= 100)
            {
                prefix = name[..i];
                ustarName = name[(i + 1)..];
                return true;
            }
            if (name.Length - i - 1 > 100)
            {
                break;
            }
        }
        ustarName = prefix = "";
        return false;
    }

    private static byte[] PaxRecords(SortedDictionary<string, string> records)
    {
        var result = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var payload = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3; // ' ', '=', '\n'
            var length = payload + 1;
            while (length != payload + length.ToString(CultureInfo.InvariantCulture).Length)
            {
                length = payload + length.ToString(CultureInfo.InvariantCulture).Length;
            }
            result.Write(Encoding.UTF8.GetBytes($"{length.ToString(CultureInfo.InvariantCulture)} {key}={value}\n"));
        }
        return result.ToArray();
    }

    private static string ToAscii(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c is >= ' ' and < (char)127 ? c : '_');
        }
        return sb.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private static void Put(byte[] h, int offset, int length, string value)
    {
        var n = Encoding.ASCII.GetBytes(value, 0, Math.Min(value.Length, length), h, offset);
        _ = n;
    }

    private static void PutOctal(byte[] h, int offset, int length, long value)
    {
        var octal = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Put(h, offset, length - 1, octal);
        h[offset + length - 1] = 0;
    }
}
