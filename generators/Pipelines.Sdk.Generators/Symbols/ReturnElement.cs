using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators
{
    /// <summary>One output of a return value: a tuple element, or the single value.</summary>
    /// <param name="Name">The tuple element name as written, or <c>Output</c>.</param>
    internal sealed record ReturnElement(string Name, ITypeSymbol Type, ParameterTypeInfo Info);
}
