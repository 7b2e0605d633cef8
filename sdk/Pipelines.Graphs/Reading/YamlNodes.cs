using YamlDotNet.RepresentationModel;

namespace Pipelines.Graphs.Reading;

/// <summary>Small accessors over YamlDotNet's representation model (JSON is YAML too).</summary>
internal static class YamlNodes
{
    public static YamlMappingNode? Map(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    public static YamlSequenceNode? Seq(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlSequenceNode : null;

    public static string? Str(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode? Node(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The entries of a mapping, by key in ordinal order (the IR's own order).</summary>
    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode? map) =>
        map is null ? [] : map.Children
            .Select(e => (Key: (e.Key as YamlScalarNode)?.Value ?? "", e.Value))
            .OrderBy(e => e.Key, StringComparer.Ordinal);

    public static IEnumerable<string> Strings(this YamlSequenceNode? seq) =>
        seq is null ? [] : seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "");

    /// <summary>A scalar or a flow of scalars back as compact text (for loop items written as a list).</summary>
    public static string Text(this YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(Text)) + "]",
        YamlMappingNode map => "{" + string.Join(", ", map.Children.Select(e => $"{Text(e.Key)}: {Text(e.Value)}")) + "}",
        _ => "",
    };
}
