namespace Pipelines.Sdk.Generators;

/// <summary>A default value of an input.</summary>
/// <param name="Json">KFP <c>defaultValue</c> as JSON text, or null when KFP gets none (a null default,
/// or a number JSON cannot hold such as NaN): the input is then only <c>isOptional</c>.</param>
/// <param name="CSharp">The same value as a C# expression, for the generated executor.</param>
internal sealed record DefaultValue(string? Json, string CSharp);
