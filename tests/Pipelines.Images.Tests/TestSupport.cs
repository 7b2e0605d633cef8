using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Pipelines.Images.Tests;

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pipelines-images-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Write(string relative, string content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>An IProgress that records synchronously (Progress&lt;T&gt; posts asynchronously, which would race the asserts).</summary>
internal sealed class CollectingProgress : IProgress<ImageProgress>
{
    private readonly Action<ImageProgress>? _onReport;

    public CollectingProgress(Action<ImageProgress>? onReport = null) => _onReport = onReport;

    public ConcurrentQueue<ImageProgress> Reports { get; } = new();

    public void Report(ImageProgress value)
    {
        Reports.Enqueue(value);
        _onReport?.Invoke(value);
    }

    public ImageProgressState? FinalState(string digest) =>
        Reports.Where(r => r.Digest == digest && r.State is not (ImageProgressState.Uploading or ImageProgressState.Pulling))
            .Select(r => (ImageProgressState?)r.State).LastOrDefault();

    public int Count(ImageProgressState state) => Reports.Count(r => r.State == state);
}

internal static class TestImages
{
    public static string UniqueRepo(string name) => $"t{Guid.NewGuid():N}"[..13] + "/" + name;

    /// <summary>Writes the files of a small "publish directory" in the given order, with the given mtime and mode.</summary>
    public static void WriteTree(string root, IEnumerable<(string Path, string Content)> files, DateTime mtime, UnixFileMode mode)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            File.SetLastWriteTimeUtc(full, mtime);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, mode);
            }
        }
    }

    public static readonly (string Path, string Content)[] DependencyFiles =
    [
        ("Newtonsoft.Json.dll", new string('n', 5000)),
        ("YamlDotNet.dll", new string('y', 3000)),
        ("runtimes/linux-x64/native/libfoo.so", "native"),
    ];

    public static readonly (string Path, string Content)[] HelperFiles =
    [
        ("Helpers.dll", "helpers v1"),
        ("Helpers.Tabular.dll", "tabular"),
    ];

    public static LayerInput Dependencies(string dir) => LayerInput.FromDirectory("dependencies", dir, "/app");
    public static LayerInput Helpers(string dir) => LayerInput.FromDirectory("helpers", dir, "/app");

    public static LayerInput App(string component) => new("app",
    [
        LayerEntry.FromBytes(Encoding.UTF8.GetBytes($"component {component}"), $"/app/{component}.dll"),
        LayerEntry.FromBytes(Encoding.UTF8.GetBytes("{\"runtimeOptions\":{}}"), $"/app/{component}.runtimeconfig.json"),
        LayerEntry.FromBytes(Encoding.UTF8.GetBytes("#!/bin/sh\nexec dotnet /app/x.dll \"$@\"\n"), "/app/run.sh", LayerEntry.ExecutableMode),
    ]);

    /// <summary>Reads every entry of a gzip'd layer blob.</summary>
    public static List<(TarEntry Entry, byte[] Data)> ReadLayer(string blobPath)
    {
        using var file = File.OpenRead(blobPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return ReadTar(gzip);
    }

    public static List<(TarEntry Entry, byte[] Data)> ReadTar(Stream stream)
    {
        var result = new List<(TarEntry, byte[])>();
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            var ms = new MemoryStream();
            entry.DataStream?.CopyTo(ms);
            result.Add((entry, ms.ToArray()));
        }
        return result;
    }

    /// <summary>A tiny base image written by hand as a legacy `docker save` archive: one uncompressed layer with
    /// /etc/base-release and a config with Env/Labels/Entrypoint (which our images must drop).</summary>
    public static string WriteLegacyDockerArchive(string directory, string repoTag = "example.com/tiny/base:1")
    {
        var layer = new MemoryStream();
        LayerBuilder.WriteTar([LayerEntry.FromBytes("tiny 1.0\n"u8.ToArray(), "/etc/base-release"),
            LayerEntry.FromBytes("#!/bin/sh\n"u8.ToArray(), "/bin/sh", LayerEntry.ExecutableMode)], layer, LayerBuilder.DefaultTimestamp);
        var layerBytes = layer.ToArray();
        var diffId = Digests.Sha256(layerBytes);
        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\",\"LANG=C\"],\"Entrypoint\":[\"/bin/sh\"],\"Cmd\":[\"-c\",\"true\"]," +
            "\"Labels\":{\"base.label\":\"yes\",\"org.opencontainers.image.version\":\"base\"},\"ExposedPorts\":{\"8080/tcp\":{}}}," +
            $"\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{diffId}\"]}},\"history\":[{{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"ADD base\"}}]}}");
        var configName = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(config)) + ".json";
        var manifest = $"[{{\"Config\":\"{configName}\",\"RepoTags\":[\"{repoTag}\"],\"Layers\":[\"abc123/layer.tar\"]}}]";
        var path = Path.Combine(directory, "base.tar");
        using var file = File.Create(path);
        using var tar = new TarWriter(file, TarEntryFormat.Pax);
        void Add(string name, byte[] bytes)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) };
            tar.WriteEntry(entry);
        }
        Add(configName, config);
        Add("abc123/layer.tar", layerBytes);
        Add("abc123/VERSION", "1.0"u8.ToArray());
        Add("manifest.json", Encoding.UTF8.GetBytes(manifest));
        Add("repositories", "{}"u8.ToArray());
        return path;
    }

    public static ImageSpec Spec(string repository, params LayerInput[] layers) => new()
    {
        Repository = repository,
        Tags = ["0.1.0"],
        Layers = layers,
        Environment = new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" },
        Labels = new Dictionary<string, string>
        {
            [OciAnnotations.Version] = "0.1.0+abc",
            [OciAnnotations.Revision] = "abc",
            [OciAnnotations.Source] = "https://example.com/repo",
            [OciAnnotations.Title] = repository,
        },
    };
}
