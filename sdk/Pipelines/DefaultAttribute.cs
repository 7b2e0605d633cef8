namespace Pipelines;

/// <summary>
/// Default value of a pipeline parameter (<see cref="Param{T}"/>), written as <c>defaultValue</c>
/// with <c>isOptional: true</c>: a constant of the parameter's type, an array of constants for a
/// list, or <c>null</c>. For a LIST or STRUCT parameter a string is JSON text, checked against the
/// type at compile time: <c>[Default("[1, 2, 3]")]</c>, <c>[Default("""{"a": 1.0, "b": 2.0}""")]</c>.
/// Component parameters use ordinary C# default values instead, except LIST and STRUCT ones, whose
/// defaults C# cannot write: those take <c>[Default]</c> too.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class DefaultAttribute(object? value) : Attribute
{
    public object? Value { get; } = value;
}
