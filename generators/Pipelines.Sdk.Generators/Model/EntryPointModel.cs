namespace Pipelines.Sdk.Generators;

/// <summary>Everything the generated <c>Main</c> registers, in a deterministic order.</summary>
internal sealed record EntryPointModel(EquatableArray<ComponentModel> Components, EquatableArray<PipelineModel> Pipelines);
