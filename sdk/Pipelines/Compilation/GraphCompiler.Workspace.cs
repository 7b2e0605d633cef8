using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

internal sealed partial class GraphCompiler
{
    /// <summary>
    /// KFP's compiler refuses a pipeline whose task inputs use the workspace when no workspace is
    /// configured (<c>GraphComponent._validate_workspace_requirements</c>): a string input containing
    /// <c>dsl.WORKSPACE_PATH_PLACEHOLDER</c> or starting with the mount path <c>/kfp-workspace</c>.
    /// Without a workspace the driver has nothing to put there, so the task would read a path that
    /// does not exist. The check is on the run: a nested pipeline may use the workspace of the
    /// pipeline the run starts from (nested pipelines cannot set one, PIPE3025).
    /// </summary>
    private void RejectWorkspacePathWithoutWorkspace(string input, ValueSource source, string who, string? definedAt)
    {
        if (_context.HasWorkspace) return;
        if (source is not ConstantSource { Value: JsonValue value } || value.GetValueKind() != JsonValueKind.String) return;
        var text = value.GetValue<string>();
        if (!text.Contains(PlaceholderText.WorkspacePath, StringComparison.Ordinal)
            && !text.StartsWith(ArtifactPaths.WorkspaceRoot, StringComparison.Ordinal))
        {
            return;
        }

        throw new PipelineDefinitionException(PipelineErrors.WorkspaceNotConfigured,
            $"{who}: input '{input}' is the workspace path ('{text}'), but the run has no workspace: call p.UseWorkspace(size) in the pipeline the run starts from",
            definedAt);
    }
}
