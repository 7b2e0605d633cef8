using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>One output of a return value: a tuple element, or the single value.</summary>
/// <param name="Name">The tuple element name as written, or the single value's output name (<c>Output</c>, or the one
/// <c>[return: Output("name")]</c> gives).</param>
internal sealed record ReturnElement(string Name, ITypeSymbol Type, ParameterTypeInfo Info);
