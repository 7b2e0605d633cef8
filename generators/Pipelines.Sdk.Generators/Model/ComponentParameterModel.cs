namespace Pipelines.Sdk.Generators;

/// <summary>
/// One parameter of a <c>[Component]</c> method. Like every model: strings and equatable
/// values only, never symbols, syntax or locations, so unchanged code compares equal.
/// </summary>
/// <param name="Name">The C# parameter name, escaped for use as an identifier.</param>
/// <param name="KfpName">The KFP input/output name (snake_case).</param>
/// <param name="TypeName">Input parameter: the declared type (the T of <c>Value&lt;T&gt;</c>); output parameter: the T of
/// <c>OutputParameter&lt;T&gt;</c>;
/// artifacts: the artifact class (the X of <c>Input&lt;X&gt;</c>), fully qualified.</param>
/// <param name="ParameterType">KFP parameterType of an input or output parameter.</param>
/// <param name="SchemaTitle">KFP schemaTitle of an artifact.</param>
/// <param name="IsOptional">The input may be left unbound.</param>
/// <param name="DefaultJson">KFP defaultValue JSON, when there is one.</param>
/// <param name="DefaultCSharp">For optional input parameters: the value the executor passes when
/// the executor input has none.</param>
/// <param name="PropertyName">Output artifacts and output parameters: the property on the generated Outputs class.</param>
/// <param name="DefaultFromJson">The default comes from <c>[Default]</c> on a LIST or STRUCT parameter: the executor
/// reads <paramref name="DefaultJson"/> when the executor input has no value (there is no C# literal for it).</param>
/// <param name="SchemaVersion">KFP schemaVersion of an artifact (null: <c>0.0.1</c>).</param>
/// <param name="Description">The parameter's <c>&lt;param&gt;</c> documentation as plain text: KFP's <c>description</c>.</param>
internal sealed record ComponentParameterModel(
    ComponentParameterRole Role,
    string Name,
    string KfpName,
    string TypeName,
    string? ParameterType,
    string? SchemaTitle,
    bool IsOptional,
    string? DefaultJson,
    string? DefaultCSharp,
    string PropertyName,
    bool DefaultFromJson = false,
    string? Description = null,
    string? SchemaVersion = null);
