namespace Pipelines.Sdk.Generators;

/// <summary>One parameter of a <c>[Pipeline]</c> method: the builder, a run parameter or an input artifact.</summary>
/// <param name="KfpName">Run parameter or input artifact name (snake_case); unused for the builder.</param>
/// <param name="TypeName">The T of <c>Param&lt;T&gt;</c>, or the X of <c>ArtifactRef&lt;X&gt;</c>, fully qualified.</param>
/// <param name="Name">The C# parameter name, escaped (the task factory's parameter name).</param>
/// <param name="IsArtifact">An <c>ArtifactRef&lt;X&gt;</c> parameter: <c>inputDefinitions.artifacts</c>.</param>
/// <param name="SchemaTitle">KFP schema title of an artifact parameter.</param>
/// <param name="IsArtifactList">An <c>ArtifactListRef&lt;X&gt;</c> parameter: <c>isArtifactList: true</c>.</param>
/// <param name="SchemaVersion">KFP schemaVersion of an artifact parameter (null: <c>0.0.1</c>).</param>
/// <param name="Description">The parameter's <c>&lt;param&gt;</c> documentation as plain text: KFP's <c>description</c>.</param>
internal sealed record PipelineParameterModel(
    bool IsBuilder,
    string KfpName,
    string TypeName,
    string? ParameterType,
    bool IsOptional,
    string? DefaultJson,
    string Name = "",
    bool IsArtifact = false,
    string? SchemaTitle = null,
    string? Description = null,
    string? SchemaVersion = null,
    bool IsArtifactList = false);
