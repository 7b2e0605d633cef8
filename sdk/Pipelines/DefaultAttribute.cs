namespace Pipelines;

/// <summary>
/// Default value of a pipeline parameter (<see cref="Param{T}"/>), written as <c>defaultValue</c>
/// with <c>isOptional: true</c>. Component parameters use ordinary C# default values instead.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class DefaultAttribute(object? value) : Attribute
{
    public object? Value { get; } = value;
}
