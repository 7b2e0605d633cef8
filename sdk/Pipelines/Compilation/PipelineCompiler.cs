using System.Text.Json.Nodes;
using Pipelines.Naming;

namespace Pipelines;

/// <summary>A compiled pipeline: document 1 (the PipelineSpec) and, when some task has Kubernetes
/// settings or the run has a workspace, document 2 (the PlatformSpec, docs/kfp-contract.md#kubernetes-settings-document-2).</summary>
internal sealed record CompiledPipeline(JsonObject PipelineSpec, JsonObject? PlatformSpec);

/// <summary>
/// Traces a <c>[Pipeline]</c> method and compiles the recording to a KFP v2 PipelineSpec
/// (docs/kfp-contract.md), mirroring the KFP SDK's conventions: one <c>comp-&lt;task&gt;</c> and
/// <c>exec-&lt;task&gt;</c> per task, a DAG component per group (<c>condition-N</c>,
/// <c>condition-branches-N</c>, <c>for-loop-N</c>, <c>exit-handler-N</c>, nested pipelines),
/// hole punching through every group level, producers and <c>After</c> targets in
/// <c>dependentTasks</c>, caching on unless turned off. Anything that would make invalid IR throws
/// <see cref="PipelineDefinitionException"/> naming the task.
/// </summary>
internal static class PipelineCompiler
{
    /// <summary>The PipelineSpec (document 1).</summary>
    public static JsonObject Compile(PipelineRegistration pipeline, IReadOnlyDictionary<string, ExecutorTarget> executors) =>
        CompileWithPlatform(pipeline, executors).PipelineSpec;

    /// <summary>The PipelineSpec and the PlatformSpec (null when no task has Kubernetes settings).</summary>
    public static CompiledPipeline CompileWithPlatform(PipelineRegistration pipeline, IReadOnlyDictionary<string, ExecutorTarget> executors)
    {
        if (!KfpNames.PipelineName.IsMatch(pipeline.Name))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidName,
                $"'{pipeline.Name}' is not a valid pipeline name: use 1-128 lowercase letters, digits and '-', starting with a letter or digit");
        }

        var builder = PipelineBuilder.Trace(pipeline);
        if (builder.Graph.InputDefinitions["artifacts"] is JsonObject { Count: > 0 } artifacts)
        {
            throw new PipelineDefinitionException(PipelineErrors.UnknownInput,
                $"pipeline '{pipeline.Name}' takes artifact input '{artifacts.First().Key}': a pipeline run cannot be given artifacts; " +
                "only a pipeline used as a task inside another can (import a URI with Import<T> instead)");
        }

        var context = new CompileContext(executors) { HasWorkspace = builder.Graph.Workspace is not null };
        var root = new GraphCompiler(builder.Graph, context).Compile();
        context.CompileNestedPipelines();

        var info = new JsonObject { ["name"] = pipeline.Name };
        if (pipeline.Description is { Length: > 0 } description) info["description"] = description;
        if (pipeline.DisplayName is { Length: > 0 } displayName) info["displayName"] = displayName;

        var spec = new JsonObject();
        if (context.Components.Count > 0) spec["components"] = context.Components;
        spec["deploymentSpec"] = new JsonObject { ["executors"] = context.Executors };
        spec["pipelineInfo"] = info;
        spec["root"] = root;
        spec["schemaVersion"] = IrParts.SchemaVersion;
        spec["sdkVersion"] = IrParts.SdkVersion;

        var kubernetes = new JsonObject();
        if (context.PlatformExecutors.Count > 0) kubernetes["deploymentSpec"] = new JsonObject { ["executors"] = context.PlatformExecutors };
        if (builder.Graph.Workspace is { } workspace) kubernetes["pipelineConfig"] = PipelineConfig(workspace);
        var platform = kubernetes.Count > 0 ? new JsonObject { ["platforms"] = new JsonObject { ["kubernetes"] = kubernetes } } : null;
        return new CompiledPipeline((JsonObject)IrParts.Sorted(spec)!, platform is null ? null : (JsonObject)IrParts.Sorted(platform)!);
    }

    /// <summary><c>pipelineConfig</c> as KFP's compiler writes it: the workspace always carries
    /// <c>kubernetes.pvcSpecPatch</c>, empty when nothing is patched.</summary>
    private static JsonObject PipelineConfig(WorkspaceSettings workspace) => new()
    {
        ["workspace"] = new JsonObject
        {
            ["kubernetes"] = new JsonObject { ["pvcSpecPatch"] = workspace.PvcSpecPatch.DeepClone() },
            ["size"] = workspace.Size,
        },
    };
}

/// <summary>What all pipelines of one compile share: the global component, executor and platform maps
/// and their key allocation (<c>-2</c>, <c>-3</c> suffixes on collisions, docs/kfp-contract.md#tasks).</summary>
internal sealed class CompileContext(IReadOnlyDictionary<string, ExecutorTarget> executors)
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Queue<(PipelineGraph Graph, string ComponentKey)> _nested = new();

    public IReadOnlyDictionary<string, ExecutorTarget> ExecutorTargets { get; } = executors;
    public JsonObject Components { get; } = new();
    public JsonObject Executors { get; } = new();
    public JsonObject PlatformExecutors { get; } = new();
    /// <summary>Whether the run has a workspace (the top-level pipeline called <c>UseWorkspace</c>).</summary>
    public bool HasWorkspace { get; init; }

    /// <summary>A name free as both <c>comp-&lt;name&gt;</c> and <c>exec-&lt;name&gt;</c>.</summary>
    public string Allocate(string name)
    {
        var candidate = name;
        for (var i = 2; !_names.Add(candidate); i++) candidate = $"{name}-{i}";
        return candidate;
    }

    public void AddNestedPipeline(PipelineGraph graph, string componentKey) => _nested.Enqueue((graph, componentKey));

    /// <summary>Compiles nested pipelines (and theirs, in turn) into their DAG components, after the
    /// outer pipeline took its keys.</summary>
    public void CompileNestedPipelines()
    {
        while (_nested.TryDequeue(out var next))
            Components[next.ComponentKey] = new GraphCompiler(next.Graph, this).Compile();
    }
}
