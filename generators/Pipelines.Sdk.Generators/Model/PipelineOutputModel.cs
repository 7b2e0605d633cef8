namespace Pipelines.Sdk.Generators;

/// <summary>An output of a <c>[Pipeline]</c> method: what its return value (or a tuple element of it) carries.</summary>
/// <param name="KfpName"><c>Output</c> (or the <c>[return: Output("name")]</c> name) for a single value, else the tuple element name in snake_case.</param>
/// <param name="PropertyName">Property on the generated Outputs class (tuple element name as written; see <see cref="KfpNaming.ReturnPropertyName"/>).</param>
/// <param name="TypeName">The T of <c>Value&lt;T&gt;</c>/<c>ArtifactRef&lt;T&gt;</c>/<c>ArtifactListRef&lt;T&gt;</c>, fully qualified.</param>
/// <param name="TupleElement">Escaped tuple element name to read from the result; null for a single value.</param>
/// <param name="Description">A single value's <c>&lt;returns&gt;</c> documentation as plain text: KFP's <c>description</c>.</param>
internal sealed record PipelineOutputModel(string KfpName, string PropertyName, PipelineOutputKind Kind, string TypeName, string? TupleElement,
    string? Description = null);
