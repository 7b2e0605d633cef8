using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines;

/// <summary>The run's shared workspace (KFP's <c>dsl.PipelineConfig(workspace=dsl.WorkspaceConfig(…))</c>).</summary>
public sealed partial class PipelineBuilder
{
    /// <summary>
    /// Gives every run of this pipeline a workspace: a PersistentVolumeClaim of <paramref name="size"/>
    /// that the backend makes for the run and mounts in each task at <c>/kfp-workspace</c>, and where
    /// <see cref="Import{T}(Value{string}, IReadOnlyDictionary{string, object?}?, bool, bool)"/> with
    /// <c>downloadToWorkspace</c> puts artifacts. Written as
    /// <c>platforms.kubernetes.pipelineConfig.workspace</c> (docs/kfp-contract.md#pipeline-config).
    /// Only the pipeline a run starts from has one: calling this in a pipeline used as a task in
    /// another fails the build with PIPE3025.
    /// </summary>
    /// <param name="size">A Kubernetes quantity, e.g. <c>"10Gi"</c>.</param>
    /// <param name="pvcSpecPatch">Fields merged into the backend's default claim spec, e.g.
    /// <c>storageClassName</c> or <c>accessModes</c> (JSON-serialisable values).</param>
    public void UseWorkspace(string size, IReadOnlyDictionary<string, object?>? pvcSpecPatch = null)
    {
        ArgumentNullException.ThrowIfNull(size);
        EnsureCurrent();
        size = size.Trim();
        if (!WorkspaceSize().IsMatch(size))
            throw new ArgumentException($"'{size}' is not a workspace size: use a Kubernetes quantity such as \"10Gi\", \"500Mi\" or \"1Ti\".", nameof(size));
        var location = SourceLocation.Capture();
        if (_parent is not null)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineConfig,
                $"pipeline '{Pipeline.Name}' sets a workspace but runs as a task of pipeline '{_parent.Pipeline.Name}': only the pipeline a run starts from has one, so set it there", location);
        }

        var patch = new JsonObject();
        foreach (var (key, value) in pvcSpecPatch ?? new Dictionary<string, object?>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(pvcSpecPatch));
            patch[key] = KfpJson.ToNode(value);
        }
        Graph.Workspace = new WorkspaceSettings(size, patch);
    }

    // KFP's own check (dsl/pipeline_config.py): a decimal number with an optional binary or decimal suffix.
    [GeneratedRegex(@"^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|K|M|G|T|P|E)?$")]
    private static partial Regex WorkspaceSize();
}

/// <summary>The workspace of a run: its size and the patch to the claim spec.</summary>
internal sealed record WorkspaceSettings(string Size, JsonObject PvcSpecPatch);
