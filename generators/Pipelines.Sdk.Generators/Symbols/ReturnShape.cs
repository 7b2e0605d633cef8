using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators
{
    /// <summary>What a component's return type produces.</summary>
    internal enum ReturnKind
    {
        /// <summary>A type KFP cannot carry (PIPE0005).</summary>
        Unsupported,
        /// <summary>void, Task or ValueTask: no outputs.</summary>
        None,
        /// <summary>One value: the output parameter <c>Output</c>.</summary>
        Single,
        /// <summary>A tuple with named elements: one output parameter per element.</summary>
        Tuple,
    }

    /// <summary>One output of a return value: a tuple element, or the single value.</summary>
    /// <param name="Name">The tuple element name as written, or <c>Output</c>.</param>
    internal sealed record ReturnElement(string Name, ITypeSymbol Type, ParameterTypeInfo Info);

    /// <summary>The classification of a component's return type.</summary>
    /// <param name="IsAwaitable">Task/ValueTask (generic or not): the executor awaits the call.</param>
    /// <param name="Problem">For <see cref="ReturnKind.Unsupported"/>: what is wrong, for the diagnostic.</param>
    internal sealed record ReturnShape(ReturnKind Kind, bool IsAwaitable, ImmutableArray<ReturnElement> Elements, string? Problem = null)
    {
        public static ReturnShape Unsupported(string problem) => new ReturnShape(ReturnKind.Unsupported, false, ImmutableArray<ReturnElement>.Empty, problem);
    }
}
