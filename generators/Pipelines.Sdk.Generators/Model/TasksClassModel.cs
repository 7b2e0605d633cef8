namespace Pipelines.Sdk.Generators;

/// <summary>One generated <c>&lt;Class&gt;Tasks</c> class: the components declared in classes of that name in one namespace.</summary>
/// <param name="HintName">Generated file name, <c>&lt;Namespace&gt;.&lt;Class&gt;Tasks.g.cs</c>.</param>
/// <param name="Components">Ordered by method name.</param>
internal sealed record TasksClassModel(string Namespace, string ClassName, bool IsPublic, string HintName, EquatableArray<ComponentModel> Components);
