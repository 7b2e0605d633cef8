using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Graphs.Tests;

/// <summary>The pipeline documents the tests read: the samples' YAML as the SDK writes it and IR fixtures as JSON.</summary>
internal static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Every fixture file name, as data rows.</summary>
    public static IEnumerable<object[]> All =>
        System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => new object[] { f! });

    public static string Text(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>The first document as JSON, read independently of the library (YamlDotNet's plain model; scalars stay strings).</summary>
    public static JsonObject Ir(string name)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Text(name)));
        return (JsonObject)ToJson(stream.Documents[0].RootNode)!;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, ToJson(e.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
