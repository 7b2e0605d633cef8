using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using D = Pipelines.Sdk.Generators.DiagnosticDescriptors;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// <c>[ArtifactSchema]</c>: custom artifact types (KFP's <c>google.VertexModel</c> and friends) as C# classes. The generator
/// writes the attribute's title and version into every spec that takes or produces the class (or a subclass without its
/// own attribute); PIPE0050 stops titles KFP's SDK would not load.
/// </summary>
[TestClass]
public sealed class ArtifactSchemaTests
{
    private const string Source = """
        using Pipelines;
        namespace Vertex;
        [ArtifactSchema("google.VertexModel")] public class VertexModel : Artifact;
        public class TunedVertexModel : VertexModel;                       // inherits google.VertexModel
        [ArtifactSchema("google.BQTable", "0.0.2")] public class BQTable : Artifact;
        public class Checkpoint : Model;                                   // a system.Model
        public static class Steps
        {
            [Component]
            public static void Upload(Input<Model> model, InputList<Checkpoint> checkpoints, Output<VertexModel> uploaded, Output<TunedVertexModel> tuned, Output<BQTable> table) { }
        }
        public static class Flows
        {
            [Pipeline]
            public static void Flow(PipelineBuilder p, ArtifactRef<BQTable> table) { }
        }
        """;

    [TestMethod]
    public void TheGeneratorWritesTheAttributesTitleAndVersion()
    {
        var result = GeneratorRunner.Run([Source], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        var tasks = result.Source("Vertex.StepsTasks.g.cs");
        StringAssert.Contains(tasks, Escaped("""
            "inputDefinitions":{"artifacts":{"checkpoints":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"},"isArtifactList":true},"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}}}
            """));
        StringAssert.Contains(tasks, Escaped("""
            "outputDefinitions":{"artifacts":{"table":{"artifactType":{"schemaTitle":"google.BQTable","schemaVersion":"0.0.2"}},"tuned":{"artifactType":{"schemaTitle":"google.VertexModel","schemaVersion":"0.0.1"}},"uploaded":{"artifactType":{"schemaTitle":"google.VertexModel","schemaVersion":"0.0.1"}}}}
            """));
        StringAssert.Contains(result.Source("PipelinesManifest.g.cs"), Escaped("""
            "inputDefinitions":{"artifacts":{"table":{"artifactType":{"schemaTitle":"google.BQTable","schemaVersion":"0.0.2"}}}}
            """));
    }

    [TestMethod]
    public Task PIPE0050_TitlesKfpCannotLoadAndNonArtifacts() => VerifyAsync("""
        using Pipelines;
        [{|#0:ArtifactSchema("acme.Report")|}] public class Report : Artifact;
        [{|#1:ArtifactSchema("google.VertexModel", "1")|}] public class BadVersion : Artifact;
        [{|#2:ArtifactSchema("google.VertexModel")|}] public class Settings { }
        [{|#3:ArtifactSchema("google.Vertex Model")|}] public class Spaced : Model;
        [ArtifactSchema("google.VertexModel")] public class VertexModel : Artifact;
        [ArtifactSchema("system.Dataset", "0.0.2")] public class NewerDataset : Dataset;
        public class Plain : Artifact;
        """,
        new DiagnosticResult(D.InvalidArtifactSchema).WithLocation(0).WithArguments("Report",
            "title 'acme.Report' is not system.<Name> or google.<Name>, the namespaces KFP's SDK loads artifact types from (letters, digits and '_' after the dot)"),
        new DiagnosticResult(D.InvalidArtifactSchema).WithLocation(1).WithArguments("BadVersion", "version '1' is not three numbers such as 0.0.1"),
        new DiagnosticResult(D.InvalidArtifactSchema).WithLocation(2).WithArguments("Settings",
            "only artifact classes (derived from Pipelines.Artifact) have a KFP artifact type"),
        new DiagnosticResult(D.InvalidArtifactSchema).WithLocation(3).WithArguments("Spaced",
            "title 'google.Vertex Model' is not system.<Name> or google.<Name>, the namespaces KFP's SDK loads artifact types from (letters, digits and '_' after the dot)"));

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<ArtifactSchemaAnalyzer, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0"), TestCode = source };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static string Escaped(string json) => json.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
