using System.ComponentModel;

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

    internal void Attach(string name, ComponentInfo component)
    {
        _name = name;
        _component = component;
    }

    /// <summary>Binds an input parameter; called by generated factories.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void BindParameter<T>(string input, Value<T>? value)
    {
        if (value is null) return;
        if (Component.InputParameter(input) is null)
            throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"task '{Name}': component '{Component.Name}' has no input parameter '{input}'");
        _parameters[input] = value.Source;
    }

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

    public override string ToString() => _name ?? GetType().Name;
}
