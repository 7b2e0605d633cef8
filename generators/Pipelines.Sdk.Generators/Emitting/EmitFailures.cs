using System;
using System.Collections;
using System.Collections.Generic;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Collects what an emitter could not write. Each component or pipeline is written on its own, so a
/// bug triggered by one of them costs that one only: the others are still generated, and the
/// generator reports each failure (PIPE0026) instead of dropping it.
/// </summary>
internal sealed class EmitFailures : IEnumerable<GeneratorFailure>
{
    private readonly List<GeneratorFailure> _failures = new List<GeneratorFailure>();

    public int Count => _failures.Count;

    public void Add(string subject, Exception exception) => _failures.Add(GeneratorFailure.From(subject, exception));

    /// <summary>
    /// Writes <paramref name="write"/> into a part of <paramref name="writer"/> and appends it when it
    /// completed; when it throws, records the failure of <paramref name="subject"/> and appends nothing.
    /// </summary>
    public bool TryWrite(SourceWriter writer, string subject, Action<SourceWriter> write)
    {
        var part = writer.Part();
        try
        {
            write(part);
        }
        catch (Exception e) when (!(e is OperationCanceledException))
        {
            Add(subject, e);
            return false;
        }
        writer.Append(part);
        return true;
    }

    /// <summary>Describes what failed: <c>component 'Churn.Steps.Clean'</c>.</summary>
    public static string Subject(ComponentModel component) =>
        (component.SpecJson is null ? "component '" : "imported component '") + component.MethodDisplay + "'";

    public static string Subject(PipelineModel pipeline) => "pipeline '" + pipeline.MethodDisplay + "'";

    public IEnumerator<GeneratorFailure> GetEnumerator() => _failures.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
