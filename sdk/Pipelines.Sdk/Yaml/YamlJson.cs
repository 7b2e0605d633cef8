using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Yaml;

/// <summary>
/// Reads YAML into JSON the way KFP's Go backend does (YAML 1.2 core schema): plain scalars that
/// look like numbers, booleans or null are typed, quoted scalars are strings. The one YAML-to-JSON reader: the build
/// (imported components), the local engine (linked into Pipelines.Local, which references no build code) and the
/// tests (what the build wrote).
/// </summary>
internal static partial class YamlJson
{
    /// <summary>Every document of <paramref name="yaml"/>, in order.</summary>
    /// <exception cref="YamlException">The text is not YAML, or holds a node JSON has no form for.</exception>
    public static List<JsonNode?> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => Convert(d.RootNode)).ToList();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(Key(p.Key), Convert(p.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode s => Scalar(s),
        _ => throw new YamlException(node.Start, node.End, $"unexpected YAML node {node.NodeType}"),
    };

    private static string Key(YamlNode key) => key is YamlScalarNode { Value: var value }
        ? value ?? ""
        : throw new YamlException(key.Start, key.End, "a mapping key must be a scalar");

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style != ScalarStyle.Plain) return JsonValue.Create(v);
        if (v is "null" or "~" or "" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (v is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (Integer().IsMatch(v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (Float().IsMatch(v)) return JsonNode.Parse(v.StartsWith('.') ? "0" + v : v.StartsWith("-.", StringComparison.Ordinal) ? "-0" + v[1..] : v.EndsWith('.') ? v + "0" : v);
        return JsonValue.Create(v);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
