namespace Pipelines.Sdk.Generators;

/// <summary>One <c>taskConfigPassthroughs</c> entry: KFP's field name (<c>RESOURCES</c>, <c>ENV</c>, …) and <c>applyToTask</c>.</summary>
internal sealed record TaskConfigPassthroughModel(string Field, bool ApplyToTask);
