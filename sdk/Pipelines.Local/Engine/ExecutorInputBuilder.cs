using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// Builds the ExecutorInput (<c>{{$}}</c>) as KFP's driver does: <c>inputs.parameterValues</c>
/// (defaults filled in), <c>inputs.artifacts</c>, and for outputs one URI per artifact under the
/// task's directory, one <c>outputFile</c> per parameter and the executor-output <c>outputFile</c>.
/// </summary>
internal static class ExecutorInputBuilder
{
    public const string OutputsFolder = ".kfp";

    public static JsonObject Build(ComponentSpec component, IReadOnlyDictionary<string, JsonNode?> parameters, IReadOnlyDictionary<string, IReadOnlyList<RuntimeArtifact>> artifacts, string taskDirectory)
    {
        var parameterValues = new JsonObject();
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            parameterValues[name] = value?.DeepClone();
        var inputArtifacts = new JsonObject();
        foreach (var (name, list) in artifacts.OrderBy(p => p.Key, StringComparer.Ordinal))
            inputArtifacts[name] = new JsonObject { ["artifacts"] = new JsonArray(list.Select(a => (JsonNode)a.ToJson()).ToArray()) };

        var outputParameters = new JsonObject();
        foreach (var name in component.Outputs.Parameters.Keys.Order(StringComparer.Ordinal))
            outputParameters[name] = new JsonObject { ["outputFile"] = Path.Combine(taskDirectory, OutputsFolder, "outputs", name) };
        var outputArtifacts = new JsonObject();
        foreach (var (name, definition) in component.Outputs.Artifacts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var artifact = new RuntimeArtifact(name, Path.Combine(taskDirectory, name), definition.SchemaTitle, definition.SchemaVersion, new JsonObject());
            outputArtifacts[name] = new JsonObject { ["artifacts"] = new JsonArray(artifact.ToJson()) };
        }

        return new JsonObject
        {
            ["inputs"] = new JsonObject { ["parameterValues"] = parameterValues, ["artifacts"] = inputArtifacts },
            ["outputs"] = new JsonObject
            {
                ["parameters"] = outputParameters,
                ["artifacts"] = outputArtifacts,
                ["outputFile"] = Path.Combine(taskDirectory, OutputsFolder, "executor_output.json"),
            },
        };
    }
}
