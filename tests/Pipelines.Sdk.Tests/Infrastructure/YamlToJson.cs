using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Sdk.Tests.Infrastructure;

/// <summary>Reads YAML back the way KFP's Go backend does (YAML 1.2 core schema): plain scalars
/// that look like numbers, booleans or null are typed, quoted scalars are strings.</summary>
internal static partial class YamlToJson
{
    public static List<JsonObject> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (JsonObject)Convert(d.RootNode)!).ToList();
    }

    public static JsonObject Parse(string yaml) => ParseDocuments(yaml).Single();

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode s => Scalar(s),
        _ => throw new FormatException($"Unexpected YAML node {node.NodeType}"),
    };

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        string v = s.Value ?? "";
        if (s.Style != YamlDotNet.Core.ScalarStyle.Plain) return JsonValue.Create(v);
        if (v is "null" or "~" or "") return null;
        if (v is "true") return JsonValue.Create(true);
        if (v is "false") return JsonValue.Create(false);
        if (Integer().IsMatch(v)) return JsonValue.Create(long.Parse(v, CultureInfo.InvariantCulture));
        if (Float().IsMatch(v)) return JsonNode.Parse(v);
        return JsonValue.Create(v);
    }

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
