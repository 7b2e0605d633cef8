namespace Pipelines.Sdk.Generators;

/// <summary>An artifact class with <c>[ArtifactSchema]</c> that generated code can name and instantiate: imported
/// component YAML with its title gets it instead of <c>Artifact</c>.</summary>
/// <param name="Title">The attribute's schema title.</param>
/// <param name="TypeName">The class, <c>global::</c>-qualified.</param>
/// <param name="IsPublic">Code outside the assembly can name it (a public imported factory may use it).</param>
internal sealed record ArtifactSchemaClassModel(string Title, string TypeName, bool IsPublic);
