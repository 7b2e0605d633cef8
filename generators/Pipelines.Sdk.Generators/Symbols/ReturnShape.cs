using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators
{
    /// <summary>The classification of a component's return type.</summary>
    /// <param name="IsAwaitable">Task/ValueTask (generic or not): the executor awaits the call.</param>
    /// <param name="Problem">For <see cref="ReturnKind.Unsupported"/>: what is wrong, for the diagnostic.</param>
    internal sealed record ReturnShape(ReturnKind Kind, bool IsAwaitable, ImmutableArray<ReturnElement> Elements, string? Problem = null)
    {
        public static ReturnShape Unsupported(string problem) => new ReturnShape(ReturnKind.Unsupported, false, ImmutableArray<ReturnElement>.Empty, problem);
    }
}
