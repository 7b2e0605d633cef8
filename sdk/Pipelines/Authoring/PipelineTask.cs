using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// A task in a pipeline: one run of a component with its inputs bound. Generated task factories
/// return subclasses whose properties are the component's typed outputs. Configure it with the
/// fluent options in <see cref="TaskOptions"/> (<c>.WithRetries(2).WithCpuLimit("2")</c>).
/// </summary>
public abstract class PipelineTask
{
    private readonly SortedDictionary<string, ValueSource> _parameters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ValueSource> _artifacts = new(StringComparer.Ordinal);
    private ComponentInfo? _component;
    private string? _name;

    /// <summary>The task key in the pipeline DAG (kebab-case, unique: <c>train</c>, <c>train-2</c>).</summary>
    public string Name => _name ?? throw new InvalidOperationException("The task has not been added to a pipeline.");

    /// <summary>The component this task runs.</summary>
    public ComponentInfo Component => _component ?? throw new InvalidOperationException("The task has not been added to a pipeline.");

    internal IReadOnlyDictionary<string, ValueSource> Parameters => _parameters;
    internal IReadOnlyDictionary<string, ValueSource> Artifacts => _artifacts;
    internal TaskSettings Settings { get; } = new();

    /// <summary>What runs: a container, a nested pipeline's DAG, KFP's importer or a backend stub (PVC tasks).</summary>
    internal TaskKind Kind { get; private set; }
    /// <summary>The group (DAG) the task was added to.</summary>
    internal PipelineGroup? Parent { get; set; }
    /// <summary>The trace that recorded the task.</summary>
    internal PipelineGraph? Graph { get; set; }
    /// <summary><c>File.cs:42</c> of the factory call in the pipeline body.</summary>
    internal string? DefinedAt { get; set; }
    /// <summary>For <see cref="TaskKind.Pipeline"/>: the nested pipeline's trace.</summary>
    internal PipelineGraph? NestedGraph { get; set; }
    /// <summary>For <see cref="TaskKind.Importer"/>: the importer executor's settings.</summary>
    internal ImporterSettings? Importer { get; set; }
    /// <summary>For <see cref="TaskKind.Stub"/>: the image the backend recognises (<c>argostub/createpvc</c>).</summary>
    internal string? StubImage { get; set; }
    /// <summary>Set on the exit task of an <c>ExitHandler</c>.</summary>
    internal ExitHandlerGroup? ExitHandlerOf { get; set; }

    internal void Attach(string name, ComponentInfo component, TaskKind kind = TaskKind.Container)
    {
        _name = name;
        _component = component;
        Kind = kind;
    }

    /// <summary>Binds an input parameter; called by generated factories.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void BindParameter<T>(string input, Value<T>? value)
    {
        if (value is null) return;
        if (Component.InputParameter(input) is not { } definition)
            throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"task '{Name}': component '{Component.Name}' has no input parameter '{input}'");
        if (definition["parameterType"]?.GetValue<string>() == KfpParameterType.TaskFinalStatus)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidFinalStatus,
                $"task '{Name}': input '{input}' is a PipelineTaskFinalStatus, which KFP fills in for exit tasks; it cannot be passed", DefinedAt);
        }

        if (definition["parameterType"]?.GetValue<string>() == KfpParameterType.TaskConfig)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidTaskConfig,
                $"task '{Name}': input '{input}' is a TaskConfig, which KFP's driver fills in from the task's own settings; it cannot be passed", DefinedAt);
        }

        _parameters[input] = value.Source;
    }

    /// <summary>Binds an input parameter to a source the runtime made (importer metadata inputs).</summary>
    internal void BindSource(string input, ValueSource source) => _parameters[input] = source;

    /// <summary>Binds an input artifact; called by generated factories.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void BindArtifact(string input, ArtifactRef? artifact)
    {
        if (artifact is null) return;
        if (Component.InputArtifact(input) is null)
            throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"task '{Name}': component '{Component.Name}' has no input artifact '{input}'");
        _artifacts[input] = artifact.Source;
    }

    /// <summary>A typed handle on one of this task's output parameters.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Value<T> ParameterOutput<T>(string key) => new(new TaskOutputSource(this, key));

    /// <summary>A typed handle on one of this task's output artifacts.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ArtifactRef<T> ArtifactOutput<T>(string key) where T : Artifact, new() => new(new TaskOutputSource(this, key));

    /// <summary>A typed handle on an output that is a list of artifacts (a nested pipeline's <c>Collected</c> output, <c>isArtifactList</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ArtifactListRef<T> ArtifactListOutput<T>(string key) where T : Artifact, new() => new(new TaskOutputSource(this, key));

    public override string ToString() => _name ?? GetType().Name;
}

/// <summary>How a task runs.</summary>
internal enum TaskKind
{
    /// <summary>A component in a container (the generated entry point).</summary>
    Container,
    /// <summary>A <c>[Pipeline]</c> used as a task: a DAG component.</summary>
    Pipeline,
    /// <summary>KFP's importer (<c>deploymentSpec.executors.*.importer</c>).</summary>
    Importer,
    /// <summary>A container the backend implements itself (<c>argostub/createpvc</c>, <c>argostub/deletepvc</c>).</summary>
    Stub,
}

/// <summary>The importer executor of an <see cref="TaskKind.Importer"/> task.</summary>
internal sealed record ImporterSettings(string SchemaTitle, bool Reimport, JsonObject? Metadata, bool DownloadToWorkspace = false,
    string SchemaVersion = ArtifactSchemaAttribute.DefaultVersion);
