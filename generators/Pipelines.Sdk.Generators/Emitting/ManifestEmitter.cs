using Microsoft.CodeAnalysis.CSharp;
using Pipelines.Contracts;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Emits <c>PipelinesManifest.g.cs</c>: one <c>AssemblyMetadata</c> attribute per component and
/// pipeline, which the build reads from the compiled assembly without running it.
/// </summary>
internal static class ManifestEmitter
{
    public const string HintName = "PipelinesManifest.g.cs";

    public static string Emit(EntryPointModel model, EmitFailures failures)
    {
        var writer = SourceWriter.WithHeader();
        foreach (var component in model.Components)
        {
            failures.TryWrite(writer, EmitFailures.Subject(component), w => WriteAttribute(w, ManifestKeys.Component, ComponentJson.Write(component)));
        }
        foreach (var pipeline in model.Pipelines)
        {
            failures.TryWrite(writer, EmitFailures.Subject(pipeline), w => WriteAttribute(w, ManifestKeys.Pipeline, PipelineJson.Write(pipeline)));
        }
        return writer.ToString();
    }

    private static void WriteAttribute(SourceWriter writer, string key, string json) =>
        writer.WriteLine($"[assembly: global::System.Reflection.AssemblyMetadata({SymbolDisplay.FormatLiteral(key, quote: true)}, {SymbolDisplay.FormatLiteral(json, quote: true)})]");
}
