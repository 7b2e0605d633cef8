using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>A component the generated entry point can execute.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record ComponentRegistration(ComponentInfo Component, Func<ExecutorContext, Task> Execute);

/// <summary>A <c>[Pipeline]</c> method the generated entry point can trace into KFP IR.</summary>
/// <param name="Name">pipelineInfo.name.</param>
/// <param name="InputDefinitions">The root DAG's KFP <c>inputDefinitions</c> as JSON.</param>
/// <param name="Define">Calls the pipeline method with its parameters.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record PipelineRegistration(string Name, string? DisplayName, string? Description, string InputDefinitions, Action<PipelineBuilder> Define)
{
    internal JsonObject InputDefinitionsJson => JsonNode.Parse(InputDefinitions) as JsonObject ?? new JsonObject();
}
