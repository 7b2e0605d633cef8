using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// The <c>new PipelineRegistration(...)</c> expression of a <c>[Pipeline]</c> method: its names, root
/// <c>inputDefinitions</c>, and a lambda that calls the method with run parameters and input artifacts
/// and records what it returned as the pipeline's outputs.
/// </summary>
internal static class PipelineRegistrationWriter
{
    public static string Expression(PipelineModel pipeline) =>
        "new global::Pipelines.PipelineRegistration(" +
        Literal(pipeline.KfpName) + ", " +
        Literal(pipeline.DisplayName) + ", " +
        Literal(pipeline.Description) + ", " +
        Literal(PipelineJson.InputDefinitions(pipeline)) + ", " +
        Lambda(pipeline) + ")";

    private static string Lambda(PipelineModel pipeline)
    {
        var arguments = pipeline.Parameters.Select(static p => p.IsBuilder
            ? "b"
            : p.IsArtifactList
                ? $"b.ArtifactListParameter<{p.TypeName}>({Literal(p.KfpName)})"
            : p.IsArtifact
                ? $"b.ArtifactParameter<{p.TypeName}>({Literal(p.KfpName)})"
                : $"b.Parameter<{p.TypeName}>({Literal(p.KfpName)})");
        var call = $"{pipeline.MethodReference}({string.Join(", ", arguments)})";
        if (pipeline.Outputs.Count == 0) return "static b => " + call;

        var outputs = pipeline.Outputs.Select(static o =>
            $"b.Output({Literal(o.KfpName)}, {(o.TupleElement is null ? "r" : "r." + o.TupleElement)}{(o.Description is null ? "" : ", " + Literal(o.Description))}); ");
        return "static b => { var r = " + call + "; " + string.Concat(outputs) + "}";
    }

    public static string Literal(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);
}
