using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// One component execution: typed access to the executor input for the generated entry point,
/// and the outputs it collects for KFP's launcher.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ExecutorContext
{
    private readonly ExecutorInput _input;
    private readonly SortedDictionary<string, JsonNode?> _outputParameters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Artifact> _outputArtifacts = new(StringComparer.Ordinal);

    internal ExecutorContext(ComponentInfo component, ExecutorInput input)
    {
        Component = component;
        _input = input;
    }

    public ComponentInfo Component { get; }
    internal ExecutorInput Input => _input;
    internal IReadOnlyDictionary<string, JsonNode?> OutputParameters => _outputParameters;
    internal IReadOnlyDictionary<string, Artifact> OutputArtifacts => _outputArtifacts;

    /// <summary>A required input parameter.</summary>
    public T GetParameter<T>(string name)
    {
        var isFinalStatus = typeof(T) == typeof(PipelineTaskFinalStatus);
        if (!_input.ParameterValues.TryGetValue(name, out var value) || (isFinalStatus && value.ValueKind == JsonValueKind.Null))
        {
            // KFP fills a final status in only for an exit task: anywhere else the component would get null and fail inside.
            throw new ExecutorException(PipelineErrors.MissingInput, isFinalStatus
                ? $"input parameter '{name}' (PipelineTaskFinalStatus) has no value in the executor input: KFP sets it only when the component runs as the exit task of an ExitHandler (or as a task that ignores upstream failure, with one upstream task)"
                : $"input parameter '{name}' is required but the executor input has no value for it");
        }
        return Convert<T>(name, value);
    }

    /// <summary>A <see cref="TaskConfig"/> input (<c>TASK_CONFIG</c>): KFP's driver fills it with the fields the component
    /// passes through; a run that fills nothing in (no passthroughs, or a runner that does not know the type) gives
    /// <see cref="TaskConfig.Empty"/>, as KFP's own executor does.</summary>
    public TaskConfig GetTaskConfig(string name) =>
        _input.ParameterValues.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Convert<TaskConfig>(name, value)
            : TaskConfig.Empty;

    /// <summary>An input parameter with a default (KFP's launcher normally fills defaults in; other callers may not).</summary>
    public T GetParameter<T>(string name, T defaultValue) =>
        _input.ParameterValues.TryGetValue(name, out var value) ? Convert<T>(name, value) : defaultValue;

    /// <summary>An input parameter whose default is JSON (<c>[Default("[1, 2, 3]")]</c> on a LIST or STRUCT parameter): read
    /// like a value the launcher passed when the executor input has none.</summary>
    public T GetParameterOrDefaultJson<T>(string name, string defaultJson)
    {
        if (_input.ParameterValues.TryGetValue(name, out var value)) return Convert<T>(name, value);
        using var document = JsonDocument.Parse(defaultJson);
        return Convert<T>(name, document.RootElement.Clone());
    }

    /// <summary>A required input artifact.</summary>
    public Input<T> GetInputArtifact<T>(string name) where T : Artifact, new() =>
        GetOptionalInputArtifact<T>(name) ?? throw new ExecutorException(PipelineErrors.MissingInput,
            $"input artifact '{name}' is required but the executor input has no artifact for it");

    /// <summary>An optional input artifact, or null when none was supplied.</summary>
    public Input<T>? GetOptionalInputArtifact<T>(string name) where T : Artifact, new()
    {
        if (!_input.InputArtifacts.TryGetValue(name, out var list) || list.Count == 0) return null;
        return new Input<T>(Create<T>(list[0]));
    }

    /// <summary>A list of input artifacts (<c>isArtifactList</c>); empty when none were supplied.</summary>
    public InputList<T> GetInputArtifactList<T>(string name) where T : Artifact, new() =>
        new(_input.InputArtifacts.TryGetValue(name, out var list) ? list.Select(a => new Input<T>(Create<T>(a))) : []);

    /// <summary>An output artifact; its parent directory exists.</summary>
    public Output<T> GetOutputArtifact<T>(string name) where T : Artifact, new()
    {
        if (!_input.OutputArtifacts.TryGetValue(name, out var runtime))
            throw new ExecutorException(PipelineErrors.MissingInput, $"output artifact '{name}' has no URI in the executor input");
        var artifact = Create<T>(runtime);
        try
        {
            if (Path.GetDirectoryName(artifact.Path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExecutorException(PipelineErrors.WriteOutputsFailed, $"output artifact '{name}': cannot create the folder of '{artifact.Path}': {e.Message}");
        }
        _outputArtifacts[name] = artifact;
        return new Output<T>(artifact);
    }

    /// <summary>Records an output parameter's value.</summary>
    public void SetOutputParameter<T>(string name, T value) => _outputParameters[name] = KfpJson.ToNode(value);

    /// <summary>A fresh <see cref="OutputParameter{T}"/> for the component to set; the executor hands it back to
    /// <see cref="RecordOutputParameter{T}"/> once the component has returned.</summary>
    public OutputParameter<T> GetOutputParameter<T>(string name) => new();

    /// <summary>Records the value a component set on an <see cref="OutputParameter{T}"/>; one left unset is an error
    /// (a later task would wait for a value that never comes).</summary>
    public void RecordOutputParameter<T>(string name, OutputParameter<T> parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!parameter.IsSet)
        {
            throw new ExecutorException(PipelineErrors.OutputNotSet,
                $"output parameter '{name}' was never assigned: the component returned without setting its OutputParameter's Value");
        }
        SetOutputParameter(name, parameter.Value);
    }

    private T Convert<T>(string name, System.Text.Json.JsonElement value)
    {
        try { return (T)ParameterReader.Read(value, typeof(T))!; }
        catch (FormatException e) { throw new ExecutorException(PipelineErrors.BadInputValue, $"input parameter '{name}': {e.Message}"); }
    }

    private static T Create<T>(RuntimeArtifact runtime) where T : Artifact, new()
    {
        var inWorkspace = runtime.Metadata["_kfp_workspace"] is JsonValue v && v.TryGetValue(out bool b) && b;
        return new T
        {
            Name = runtime.Name,
            Uri = runtime.Uri,
            Path = ArtifactPaths.ToLocalPath(runtime.Uri, runtime.CustomPath, inWorkspace),
            Metadata = (JsonObject)runtime.Metadata.DeepClone(),
        };
    }
}

/// <summary>A failure to run a component that is the caller's (bad input) or the host's, not the component's.</summary>
internal sealed class ExecutorException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
