using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// <c>&lt;param&gt;</c>/<c>&lt;returns&gt;</c> become KFP descriptions whatever the documentation mode: a
/// command-line build without <c>GenerateDocumentationFile</c> parses with <c>DocumentationMode.None</c>
/// (the comment is plain trivia), the IDE with <c>Parse</c>, a build that writes docs with <c>Diagnose</c>.
/// </summary>
[TestClass]
public sealed class DocumentationDescriptionTests
{
    private const string Source = """
        using Pipelines;
        namespace Docs;
        public static class Steps
        {
            /// <summary>Ignored: [Component(Description)] is the component's description.</summary>
            /// <param name="rows">Rows to <b>keep</b>,
            /// at most <see cref="int.MaxValue"/>; see <paramref name="rows"/> &amp; <c>cap</c>.</param>
            /// <param name="data">Input &lt;data&gt;.</param>
            /// <param name="unknown">Not a parameter.</param>
            /// <returns>
            ///   The "kept" count.
            /// </returns>
            [Component]
            public static int Keep(Input<Dataset> data, int rows = 5) => rows;

            /// <param name="broken">Unclosed <c>tag.</param>
            [Component]
            public static int Broken(int broken) => broken;
        }
        """;

    [TestMethod]
    [DataRow(DocumentationMode.None)]
    [DataRow(DocumentationMode.Parse)]
    [DataRow(DocumentationMode.Diagnose)]
    public void DescriptionsAreTheSameInEveryDocumentationMode(DocumentationMode mode)
    {
        var options = GeneratorRunner.ParseOptions.WithDocumentationMode(mode);
        var compilation = CSharpCompilation.Create("UserProject",
            [CSharpSyntaxTree.ParseText(Source, options, path: "Source0.cs")], TestReferences.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create([new PipelinesGenerator().AsSourceGenerator()], parseOptions: options,
            optionsProvider: new TestOptionsProvider(GeneratorRunner.SdkProjectOptions))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.IsEmpty(diagnostics);
        var tasks = driver.GetRunResult().Results[0].GeneratedSources.Single(s => s.HintName == "Docs.StepsTasks.g.cs").SourceText.ToString();

        // The spec JSON sits in the generated source as a C# string literal.
        StringAssert.Contains(tasks, Escaped("""
            "data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"},"description":"Input <data>."}
            """));
        StringAssert.Contains(tasks, Escaped("""
            "rows":{"defaultValue":5,"description":"Rows to keep, at most MaxValue; see rows & cap.","isOptional":true,"parameterType":"NUMBER_INTEGER"}
            """));
        StringAssert.Contains(tasks, Escaped("""
            "Output":{"description":"The \"kept\" count.","parameterType":"NUMBER_INTEGER"}
            """));
        Assert.DoesNotContain("Ignored", tasks, "the summary is not the component's description");
        Assert.DoesNotContain("Not a parameter", tasks);
        StringAssert.Contains(tasks, Escaped("""{"broken":{"parameterType":"NUMBER_INTEGER"}}"""), "malformed XML gives no description (CS1570 reports it), not a failure");
    }

    private static string Escaped(string json) => json.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
