using System.Xml.Linq;

namespace Pipelines.Sdk.Tests.Infrastructure;

/// <summary>
/// End-to-end tests build temporary copies of the samples exactly as a user would: against the
/// SDK packed to the dev feed (once per test run), resolved through NuGet like any MSBuild SDK.
/// </summary>
internal static class SampleWorkspace
{
    private static readonly Lazy<string> s_feed = new(PackSdk, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Packs Pipelines and Pipelines.Sdk at 0.0.0-dev (build/pack-dev.sh) and returns the feed.</summary>
    public static string Feed => s_feed.Value;

    private static string PackSdk()
    {
        DotnetCli.Run("bash", [Path.Combine(RepoPaths.Root, "build", "pack-dev.sh")], RepoPaths.Root).AssertSuccess("build/pack-dev.sh");
        var feed = Path.Combine(RepoPaths.Root, "artifacts", "feed");
        WarmPackageFolder(feed);
        return feed;
    }

    /// <summary>Restores a one-line project once, so the freshly packed SDK and runtime are extracted
    /// into the shared package folder before parallel tests build: concurrent first extractions could
    /// let one build evaluate the SDK before its analyzers/ folder exists (no generator, no analyzers).</summary>
    private static void WarmPackageFolder(string feed)
    {
        var root = Path.Combine(Path.GetTempPath(), $"pipelines-e2e-warm-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Warm"));
            File.Copy(Path.Combine(RepoPaths.Root, "samples", "global.json"), Path.Combine(root, "global.json"));
            File.Copy(Path.Combine(RepoPaths.Root, "samples", "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
            WriteNugetConfig(root, feed);
            File.WriteAllText(Path.Combine(root, "Warm", "Warm.csproj"),
                "<Project Sdk=\"Pipelines.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
            DotnetCli.Run("dotnet", ["restore", "Warm"], root).AssertSuccess("restore of the freshly packed SDK");
        }
        finally
        {
            TryDelete(root);
        }
    }

    /// <summary>A fresh temporary folder shaped like samples/ (global.json, nuget.config,
    /// Directory.Build.props) holding a copy of <paramref name="sample"/> without bin/obj.</summary>
    public static string CopySample(string sample)
    {
        var feed = Feed;
        var root = Path.Combine(Path.GetTempPath(), $"pipelines-e2e-{sample}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var samples = Path.Combine(RepoPaths.Root, "samples");
        File.Copy(Path.Combine(samples, "global.json"), Path.Combine(root, "global.json"));
        File.Copy(Path.Combine(samples, "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
        WriteNugetConfig(root, feed);
        CopyTree(Path.Combine(samples, sample), Path.Combine(root, sample));
        return root;
    }

    /// <summary>Like <see cref="CopySample"/>, with several samples side by side in one workspace
    /// (a component library and the pipeline that references it).</summary>
    public static string CopySamples(params string[] samples)
    {
        var root = CopySample(samples[0]);
        foreach (var sample in samples.Skip(1))
            CopyTree(Path.Combine(RepoPaths.Root, "samples", sample), Path.Combine(root, sample));
        return root;
    }

    /// <summary>A fresh folder shaped like samples/ for a project the test writes itself.</summary>
    public static string EmptyWorkspace(string name)
    {
        var feed = Feed;
        var root = Path.Combine(Path.GetTempPath(), $"pipelines-e2e-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(RepoPaths.Root, "samples", "global.json"), Path.Combine(root, "global.json"));
        File.Copy(Path.Combine(RepoPaths.Root, "samples", "Directory.Build.props"), Path.Combine(root, "Directory.Build.props"));
        WriteNugetConfig(root, feed);
        return root;
    }

    /// <summary>A project of the test's own in a workspace: <c>root/name/name.csproj</c> and its source files.</summary>
    public static void WriteProject(string root, string name, string project, params (string File, string Text)[] sources)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), project);
        foreach (var (file, text) in sources) File.WriteAllText(Path.Combine(folder, file), text);
    }

    /// <summary>The samples' nuget.config with absolute paths: the dev feed, and the shared
    /// samples package folder (pack-dev.sh evicted the dev version from it).</summary>
    private static void WriteNugetConfig(string root, string feed)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "nuget.config"))
            .Replace("../artifacts/samples-packages", Path.Combine(RepoPaths.Root, "artifacts", "samples-packages"))
            .Replace("../artifacts/feed", feed);
        File.WriteAllText(Path.Combine(root, "nuget.config"), text);
    }

    /// <summary>The package folder every sample build shares (nuget.config's globalPackagesFolder).</summary>
    public static string PackagesFolder => Path.Combine(RepoPaths.Root, "artifacts", "samples-packages");

    /// <summary>Adds a local folder feed to a workspace's nuget.config, mapped to exactly <paramref name="packageIds"/>
    /// (the samples' packageSourceMapping sends every other id to nuget.org).</summary>
    public static void AddPackageSource(string root, string key, string folder, params string[] packageIds)
    {
        var path = Path.Combine(root, "nuget.config");
        var config = XDocument.Load(path);
        var configuration = config.Root!;
        configuration.Element("packageSources")!.Add(new XElement("add", new XAttribute("key", key), new XAttribute("value", folder)));
        configuration.Element("packageSourceMapping")!.Add(new XElement("packageSource", new XAttribute("key", key),
            packageIds.Select(id => new XElement("package", new XAttribute("pattern", id)))));
        config.Save(path);
    }

    public static void TryDelete(string? dir)
    {
        try { if (dir is not null && Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj" or "TestResults") continue;
            CopyTree(dir, Path.Combine(to, name));
        }
    }
}
