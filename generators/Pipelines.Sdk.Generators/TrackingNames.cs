namespace Pipelines.Sdk.Generators;

/// <summary>Names of the incremental steps, for tests that assert on caching.</summary>
internal static class TrackingNames
{
    public const string ComponentModels = nameof(ComponentModels);
    public const string ContainerComponentModels = nameof(ContainerComponentModels);
    public const string PipelineModels = nameof(PipelineModels);
    public const string TasksClasses = nameof(TasksClasses);
    public const string PipelineTasksClasses = nameof(PipelineTasksClasses);
    public const string Manifest = nameof(Manifest);
    public const string EntryPointOptions = nameof(EntryPointOptions);
}
