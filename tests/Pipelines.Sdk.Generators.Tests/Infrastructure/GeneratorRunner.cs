using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>Runs <see cref="PipelinesGenerator"/> over source text with <see cref="CSharpGeneratorDriver"/>.</summary>
internal static class GeneratorRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(
        IEnumerable<string> sources,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        bool referencePipelines = true)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs"));
        return CSharpCompilation.Create(
            "UserProject",
            trees,
            referencePipelines ? TestReferences.All : TestReferences.Framework,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>What a project on Pipelines.Sdk passes the generator (the targets' <c>CompilerVisibleProperty</c> items).</summary>
    public static readonly ImmutableDictionary<string, string> SdkProjectOptions =
        ImmutableDictionary<string, string>.Empty.Add("build_property.PipelinesGenerateEntryPoint", "true");

    /// <param name="globalOptions">Set over <see cref="SdkProjectOptions"/>.</param>
    public static GeneratorDriver CreateDriver(ImmutableDictionary<string, string>? globalOptions = null, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new PipelinesGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new TestOptionsProvider(SdkProjectOptions.SetItems(globalOptions ?? ImmutableDictionary<string, string>.Empty)),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; fails the test if it threw or reported anything.</summary>
    public static GeneratorResult Run(
        IEnumerable<string> sources,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        ImmutableDictionary<string, string>? globalOptions = null,
        bool referencePipelines = true)
    {
        var compilation = CreateCompilation(sources, outputKind, referencePipelines);
        var driver = CreateDriver(globalOptions).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult();
        Assert.IsNull(result.Results[0].Exception, $"The generator threw: {result.Results[0].Exception}");
        Assert.IsEmpty(driverDiagnostics, "The generator must not report diagnostics: " + string.Join("\n", driverDiagnostics));
        Assert.IsEmpty(result.Diagnostics, "The generator must not report diagnostics: " + string.Join("\n", result.Diagnostics));
        return new GeneratorResult(compilation, output, result.Results[0].GeneratedSources);
    }
}

/// <summary>The input compilation, the compilation with generated files added, and those files.</summary>
internal sealed record GeneratorResult(Compilation Input, Compilation Output, ImmutableArray<GeneratedSourceResult> Generated)
{
    public IEnumerable<string> HintNames => Generated.Select(g => g.HintName);

    public string Source(string hintName) => Generated.Single(g => g.HintName == hintName).SourceText.ToString();

    /// <summary>Fails when the user code plus generated code has compile errors.</summary>
    public void AssertCompiles()
    {
        var errors = Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.IsEmpty(errors, "Generated code does not compile:\n" + string.Join("\n", errors) + "\n\n" +
            string.Join("\n\n", Generated.Select(g => $"// {g.HintName}\n{g.SourceText}")));
    }
}
