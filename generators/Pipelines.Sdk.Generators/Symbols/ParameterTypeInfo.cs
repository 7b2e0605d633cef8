using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>How a C# type travels as a KFP parameter value.</summary>
/// <param name="ParameterType">KFP <c>parameterType</c> (<see cref="Pipelines.Contracts.KfpParameterType"/>).</param>
/// <param name="IsNullable">Nullable&lt;T&gt; or an annotated reference type: the input is optional.</param>
/// <param name="Scalar">The type with Nullable&lt;T&gt; removed, for reading default values.</param>
internal sealed record ParameterTypeInfo(string ParameterType, bool IsNullable, ITypeSymbol Scalar);
