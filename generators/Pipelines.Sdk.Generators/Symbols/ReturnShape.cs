using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>The classification of a component's return type.</summary>
/// <param name="IsAwaitable">Task/ValueTask (generic or not): the executor awaits the call.</param>
/// <param name="Problem">For <see cref="ReturnKind.Unsupported"/>: what is wrong, for the diagnostic.</param>
/// <param name="OutputAttribute"><c>[return: Output("name")]</c> when present: it names a <see cref="ReturnKind.Single"/>
/// value's output; on any other kind it is misplaced (PIPE0027).</param>
internal sealed record ReturnShape(ReturnKind Kind, bool IsAwaitable, ImmutableArray<ReturnElement> Elements, string? Problem = null,
    AttributeData? OutputAttribute = null)
{
    public static ReturnShape Unsupported(string problem) => new ReturnShape(ReturnKind.Unsupported, false, ImmutableArray<ReturnElement>.Empty, problem);
}
