namespace Pipelines.Local.Ir;

/// <summary>A KFP v2 pipeline package as the engine sees it: PipelineSpec and optional PlatformSpec, immutable.</summary>
public sealed record PipelinePackage(
    string Name,
    string SourcePath,
    ComponentSpec Root,
    IReadOnlyDictionary<string, ComponentSpec> Components,
    IReadOnlyDictionary<string, ExecutorSpec> Executors,
    IReadOnlyDictionary<string, PlatformSettings> Platform)
{
    /// <summary>The size of the run's workspace (<c>platforms.kubernetes.pipelineConfig.workspace.size</c>), if it asks for one.</summary>
    public string? WorkspaceSize { get; init; }

    public ComponentSpec Component(string name) => Components.TryGetValue(name, out var c) ? c
        : throw new LocalRunException(LocalDiagnostics.NotKfpIr, $"'{SourcePath}': componentRef '{name}' is not in components");
}
