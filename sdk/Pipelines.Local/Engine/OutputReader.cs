using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>Reads a finished container's outputs as KFP's launcher does: the executor-output file
/// (parameter values, artifact metadata) and, for parameters it does not carry, the parameter files.</summary>
internal static class OutputReader
{
    /// <exception cref="InvalidDataException">An output is missing or unreadable: the task failed.</exception>
    public static (Dictionary<string, JsonNode?> Parameters, Dictionary<string, IReadOnlyList<RuntimeArtifact>> Artifacts) Read(ComponentSpec component, JsonObject executorInput)
    {
        JsonObject? executorOutput = null;
        var outputFile = executorInput["outputs"]?["outputFile"]?.ToString();
        if (outputFile is not null && File.Exists(outputFile))
        {
            try { executorOutput = JsonNode.Parse(File.ReadAllText(outputFile)) as JsonObject; }
            catch (JsonException e) { throw new InvalidDataException($"the executor output '{outputFile}' is not JSON: {e.Message}"); }
        }

        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, definition) in component.Outputs.Parameters)
        {
            JsonNode? value;
            if (executorOutput?["parameterValues"] is JsonObject values && values.ContainsKey(name))
            {
                if (!ParameterValues.TryCoerce(values[name], definition.Type, out value))
                    throw new InvalidDataException($"output parameter '{name}' is not a {definition.Type}: {values[name]?.ToJsonString()}");
            }
            else
            {
                var file = executorInput["outputs"]?["parameters"]?[name]?["outputFile"]?.ToString();
                if (file is null || !File.Exists(file)) throw new InvalidDataException($"output parameter '{name}' was not written");
                var text = File.ReadAllText(file);
                if (!ParameterValues.TryParse(text, definition.Type, out value))
                    throw new InvalidDataException($"output parameter '{name}' is not a {definition.Type}: '{text}'");
            }
            parameters[name] = value;
        }

        var artifacts = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(StringComparer.Ordinal);
        foreach (var name in component.Outputs.Artifacts.Keys)
        {
            var planned = RuntimeArtifact.FromJson((JsonObject)executorInput["outputs"]!["artifacts"]![name]!["artifacts"]![0]!);
            var reported = executorOutput?["artifacts"]?[name]?["artifacts"]?[0] as JsonObject;
            var uri = reported?["uri"]?.ToString() is { Length: > 0 } u ? u : planned.Uri;
            var metadata = reported?["metadata"] as JsonObject is { } m ? (JsonObject)m.DeepClone() : planned.Metadata;
            // The artifact's identity downstream (what the cache key's input artifact names hold) is its URI:
            // unique per produced artifact, as MLMD's artifact ids are on a cluster.
            artifacts[name] = [planned with { Name = uri, Uri = uri, Metadata = metadata }];
        }
        return (parameters, artifacts);
    }
}
