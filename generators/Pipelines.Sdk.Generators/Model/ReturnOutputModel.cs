namespace Pipelines.Sdk.Generators;

/// <summary>An output parameter produced by a component's return value.</summary>
/// <param name="KfpName"><c>Output</c> (or the <c>[return: Output("name")]</c> name) for a single value, else the tuple element name in snake_case.</param>
/// <param name="PropertyName">Property on the generated Outputs class (tuple element name as written; see <see cref="KfpNaming.ReturnPropertyName"/>).</param>
/// <param name="TypeName">C# type of the value, fully qualified.</param>
/// <param name="TupleElement">Escaped tuple element name to read from the result; null for a single value.</param>
/// <param name="Description">A single value's <c>&lt;returns&gt;</c> documentation as plain text: KFP's <c>description</c>.</param>
internal sealed record ReturnOutputModel(string KfpName, string PropertyName, string TypeName, string ParameterType, string? TupleElement, string? Description = null);
