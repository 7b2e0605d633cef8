namespace Pipelines.Sdk.Generators;

/// <summary>
/// The pipeline part of a <c>&lt;Class&gt;Tasks</c> class: typed task factories of the <c>[Pipeline]</c>
/// methods declared in classes of that name in one namespace, emitted to their own file as another
/// part of the (partial) class the components' factories go into.
/// </summary>
/// <param name="Accessibility"><c>public</c>/<c>internal</c>, or null when the components' part of the
/// class already declares it (partial declarations must not disagree).</param>
/// <param name="HintName"><c>&lt;Namespace&gt;.&lt;Class&gt;Tasks.Pipelines.g.cs</c>.</param>
/// <param name="Pipelines">Ordered by method name.</param>
internal sealed record PipelineTasksClassModel(string Namespace, string ClassName, string? Accessibility, string HintName, EquatableArray<PipelineModel> Pipelines);
