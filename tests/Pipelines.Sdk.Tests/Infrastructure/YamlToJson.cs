using System.Text.Json.Nodes;
using Pipelines.Sdk.Yaml;
using Pipelines.Yaml;

namespace Pipelines.Sdk.Tests.Infrastructure;

/// <summary>Reads the YAML the build wrote back as JSON, with the build's own reader
/// (<see cref="YamlJson"/>: YAML 1.2 core schema, as KFP's Go backend reads it).</summary>
internal static class YamlToJson
{
    public static List<JsonObject> ParseDocuments(string yaml) =>
        YamlJson.ParseDocuments(yaml).Select(d => d as JsonObject ?? throw new FormatException("A KFP YAML document must be a mapping.")).ToList();

    public static JsonObject Parse(string yaml) => ParseDocuments(yaml).Single();
}
