using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pipelines.Sdk.Generators;

namespace Pipelines.Fingerprints.Tests;

/// <summary>
/// A two-assembly app compiled in-process: a helper library (<c>Helpers</c>) and the app (<c>App</c>,
/// a console program with the real generator's entry point) referencing it, written to a temporary
/// folder and fingerprinted like the build does.
/// </summary>
internal static class TestApp
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);
    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
        Directory.EnumerateFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll")
            .Where(IsManaged).Order(StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray());

    /// <summary>Compiles and fingerprints; resources are (name, bytes) embedded in the helper library.</summary>
    public static SortedDictionary<string, ComponentFingerprint> Fingerprint(string app, string helpers, params (string Name, byte[] Bytes)[] resources) =>
        Fingerprint(app, helpers, helpersAsPackage: false, content: null, resources);

    /// <param name="helpersAsPackage">Hand the helper library in as a NuGet package's assembly (Helpers/1.0.0) instead of a project reference.</param>
    /// <param name="content">A content file copied to the output, when given.</param>
    public static SortedDictionary<string, ComponentFingerprint> Fingerprint(string app, string helpers, bool helpersAsPackage, string? content, params (string Name, byte[] Bytes)[] resources) =>
        Compile(app, helpers, helpersAsPackage, content, resources, ComponentFingerprinter.Compute);

    /// <summary>Compiles and fingerprints with the record <paramref name="walkRecordFile"/>: what an earlier build recorded
    /// there is taken where it still holds, and this build's walks and fingerprints are recorded there.</summary>
    public static SortedDictionary<string, ComponentFingerprint> FingerprintReusing(string walkRecordFile, string app, string helpers, string? content, params (string Name, byte[] Bytes)[] resources) =>
        Compile(app, helpers, helpersAsPackage: false, content, resources, ComponentFingerprinter.Compute, walkRecordFile: walkRecordFile);

    /// <summary>Fingerprints for trimmed images: the helper library is the package Helpers/1.0.0, and
    /// <paramref name="depsJson"/> is the app's .deps.json.</summary>
    public static SortedDictionary<string, ComponentFingerprint> FingerprintTrimmed(string app, string helpers, string depsJson) =>
        Compile(app, helpers, helpersAsPackage: true, content: null, [], ComponentFingerprinter.Compute, depsJson);

    /// <summary>Compiles, and fingerprints what tracing the pipelines can run (<see cref="PipelineTraceFingerprinter"/>).
    /// <paramref name="directory"/>: compile into that folder (kept) rather than a fresh one, as a rebuild would.</summary>
    public static ComponentFingerprint? TraceFingerprint(string app, string helpers, string? content = null, string? directory = null, string? walkRecordFile = null) =>
        Compile(app, helpers, helpersAsPackage: false, content, [], PipelineTraceFingerprinter.Compute, directory: directory, walkRecordFile: walkRecordFile);

    private static T Compile<T>(string app, string helpers, bool helpersAsPackage, string? content, (string Name, byte[] Bytes)[] resources, Func<FingerprintRequest, T> fingerprint,
        string? depsJson = null, string? directory = null, string? walkRecordFile = null)
    {
        var keep = directory is not null;
        directory ??= Path.Combine(Path.GetTempPath(), "fingerprint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var helpersPath = Path.Combine(directory, "Helpers.dll");
            var helperCompilation = CSharpCompilation.Create("Helpers", [CSharpSyntaxTree.ParseText(helpers, Parse, path: "/_/Helpers/Helpers.cs")],
                Framework.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true, nullableContextOptions: NullableContextOptions.Enable));
            Emit(helperCompilation, helpersPath, resources.Select(r => new ResourceDescription(r.Name, () => new MemoryStream(r.Bytes), isPublic: true)));

            var pipelines = MetadataReference.CreateFromFile(typeof(global::Pipelines.PipelineBuilder).Assembly.Location);
            var appCompilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText(app, Parse, path: "/_/App/App.cs")],
                Framework.Value.Add(pipelines).Add(MetadataReference.CreateFromFile(helpersPath)),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, deterministic: true, nullableContextOptions: NullableContextOptions.Enable));
            CSharpGeneratorDriver.Create([new PipelinesGenerator().AsSourceGenerator()], parseOptions: Parse, optionsProvider: SdkProjectOptions.Instance)
                .RunGeneratorsAndUpdateCompilation(appCompilation, out var generated, out var generatorDiagnostics);
            Assert.IsEmpty(generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), string.Join("\n", generatorDiagnostics));
            var appPath = Path.Combine(directory, "App.dll");
            Emit((CSharpCompilation)generated, appPath, []);

            var contentPath = Path.Combine(directory, "settings.json");
            if (content is not null) File.WriteAllText(contentPath, content);
            var depsPath = Path.Combine(directory, "App.deps.json");
            if (depsJson is not null) File.WriteAllText(depsPath, depsJson);
            var runtime = new PackageFile("Pipelines", "1.0.0", "Pipelines.dll", typeof(global::Pipelines.PipelineBuilder).Assembly.Location);
            return fingerprint(new FingerprintRequest
            {
                AppAssembly = appPath,
                HelperAssemblies = helpersAsPackage ? [] : [helpersPath],
                PackageFiles = helpersAsPackage ? [runtime, new PackageFile("Helpers", "1.0.0", "Helpers.dll", helpersPath)] : [runtime],
                ContentFiles = content is null ? [] : [new ContentFile("settings.json", contentPath)],
                Settings = new Dictionary<string, string> { ["user"] = "1654" },
                DependencyManifestFile = depsJson is null ? null : depsPath,
                TrimPackages = depsJson is not null,
                WalkRecordFile = walkRecordFile,
            });
        }
        finally
        {
            if (!keep) Directory.Delete(directory, recursive: true);
        }
    }

    private static void Emit(CSharpCompilation compilation, string path, IEnumerable<ResourceDescription> resources)
    {
        using var stream = File.Create(path);
        var result = compilation.Emit(stream, manifestResources: resources);
        Assert.IsTrue(result.Success, $"{compilation.AssemblyName} does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }

    private static bool IsManaged(string file)
    {
        try
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(file));
            return pe.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>What the SDK's targets pass the generator: <c>PipelinesGenerateEntryPoint=true</c>, so the app gets its <c>Main</c>.</summary>
    private sealed class SdkProjectOptions : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public static readonly SdkProjectOptions Instance = new();
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Options(true);
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(false);
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(false);

        private sealed class Options(bool global) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = global && key == "build_property.PipelinesGenerateEntryPoint" ? "true" : null;
                return value is not null;
            }
        }
    }
}
