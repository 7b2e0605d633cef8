using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// The fingerprint KFP's backend gives a container task (cacheutils <c>GenerateCacheKey</c> +
/// <c>GenerateFingerPrint</c>): input artifact names, input parameter values, output artifact specs
/// (name, type, metadata; URI wiped), output parameter types, and the container (image, command +
/// args, PVC names, env), as JSON with sorted keys, SHA-256. With a task <c>cacheKey</c> the
/// container and the custom key only.
/// </summary>
internal static class CacheKey
{
    public static string Compute(ComponentSpec component, ContainerExecutor executor, JsonObject executorInput, string? customKey, IEnumerable<string> pvcNames)
    {
        var container = new JsonObject
        {
            ["image"] = executor.Image,
            ["cmdArgs"] = new JsonArray(executor.Command.Concat(executor.Args).Select(a => (JsonNode?)JsonValue.Create(a?.ToString() ?? "")).ToArray()),
        };
        // Deduplicated and sorted, as KFP's driver does, so the mount order does not change the key.
        var pvcs = pvcNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (pvcs.Count > 0) container["pvcNames"] = new JsonArray(pvcs.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        if (executor.Env.Count > 0)
            container["env"] = new JsonArray(executor.Env.Select(e => (JsonNode?)new JsonObject { ["name"] = e.Key, ["value"] = e.Value }).ToArray());

        var key = new JsonObject { ["containerSpec"] = container };
        if (customKey is not null)
        {
            key["cacheKey"] = customKey;
        }
        else
        {
            var artifactNames = new JsonObject();
            if (executorInput["inputs"]?["artifacts"] is JsonObject inputs)
            {
                foreach (var (name, list) in inputs)
                    artifactNames[name] = new JsonObject { ["artifactNames"] = new JsonArray(((JsonArray)list!["artifacts"]!).Select(a => (JsonNode?)JsonValue.Create(a!["name"]!.ToString())).ToArray()) };
            }

            var outputArtifacts = new JsonObject();
            if (executorInput["outputs"]?["artifacts"] is JsonObject outputs)
            {
                foreach (var (name, list) in outputs)
                {
                    var a = list?["artifacts"]?[0];
                    if (a is null) continue;
                    outputArtifacts[name] = new JsonObject { ["name"] = a["name"]?.ToString(), ["type"] = a["type"]?.DeepClone(), ["metadata"] = a["metadata"]?.DeepClone() };
                }
            }

            var outputParameters = new JsonObject();
            foreach (var (name, definition) in component.Outputs.Parameters) outputParameters[name] = definition.Type;
            key["inputArtifactNames"] = artifactNames;
            key["inputParameterValues"] = executorInput["inputs"]?["parameterValues"]?.DeepClone() ?? new JsonObject();
            key["outputArtifactsSpec"] = outputArtifacts;
            key["outputParametersSpec"] = outputParameters;
        }
        var canonical = Canonical(key)!.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Keys sorted at every level, as Go's encoding/json writes maps.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
