using System.Text.Json.Nodes;
using Pipelines.Sdk.Tests.Infrastructure;
using Pipelines.Sdk.Yaml;
using Pipelines.Yaml;

namespace Pipelines.Sdk.Tests;

[TestClass]
public sealed class IrYamlTests
{
    [TestMethod]
    public void Strings_that_YAML_could_read_as_something_else_are_quoted_and_read_back_as_strings()
    {
        string[] tricky = ["{{$}}", "yes", "No", "on", "OFF", "y", "true", "False", "null", "~", "1", "1.0", "0x1F", "1e3", ".5", "1:20",
            "2026-11-28", "--executor_input", "*alias", "&anchor", "!tag", "%dir", "@at", "|", ">", "a: b", "a #b", " lead", "trail ",
            "", "it's", "line1\nline2", "tab\there", "'{{$.inputs.parameters['x']}}'", "ünïcode", "key:", "-", "[x]", "{x}"];
        var doc = new JsonObject();
        for (var i = 0; i < tricky.Length; i++) doc[$"k{i:D2}"] = tricky[i];

        var back = YamlToJson.Parse(IrYaml.Write([doc]));

        for (var i = 0; i < tricky.Length; i++)
            Assert.AreEqual(tricky[i], back[$"k{i:D2}"]!.GetValue<string>(), $"value {i}: '{tricky[i]}'");
    }

    [TestMethod]
    public void Safe_identifiers_stay_plain_like_the_KFP_SDK_writes_them()
    {
        var yaml = IrYaml.Write([new JsonObject { ["a"] = "system.Dataset", ["b"] = "exec-train", ["c"] = "/app/Churn.dll", ["d"] = "NUMBER_INTEGER" }]);
        Assert.AreEqual("a: system.Dataset\nb: exec-train\nc: /app/Churn.dll\nd: NUMBER_INTEGER\n", yaml);
    }

    [TestMethod]
    public void Numbers_booleans_null_and_nesting_round_trip_with_their_types()
    {
        var doc = JsonNode.Parse("""
            {"z": {"int": 5, "double": 0.0, "neg": -2.5, "big": 4.294967296, "t": true, "f": false, "n": null},
             "list": [1, "two", {"three": 3}], "empty": {}, "none": [], "nested": {"b": {"c": ["x"]}}}
            """)!.AsObject();
        var back = YamlToJson.Parse(IrYaml.Write([doc]));
        Assert.IsTrue(JsonNode.DeepEquals(doc, back), back.ToJsonString());
    }

    [TestMethod]
    public void Keys_are_sorted_ordinally_and_output_is_byte_stable()
    {
        var a = JsonNode.Parse("""{"b": 1, "a": {"w": 1, "Z": 2, "x": 3}, "C": [ {"k2": 1, "k1": 2} ]}""")!.AsObject();
        var b = JsonNode.Parse("""{"C": [ {"k1": 2, "k2": 1} ], "a": {"x": 3, "Z": 2, "w": 1}, "b": 1}""")!.AsObject();
        var ya = IrYaml.Write([a]);
        Assert.AreEqual(ya, IrYaml.Write([b]));
        Assert.AreEqual("C:\n- k1: 2\n  k2: 1\na:\n  Z: 2\n  w: 1\n  x: 3\nb: 1\n", ya);
    }

    [TestMethod]
    public void Header_comment_and_second_document()
    {
        var yaml = IrYaml.Write([new JsonObject { ["a"] = 1 }, new JsonObject { ["platforms"] = new JsonObject() }], ["PIPELINE DEFINITION", "Name: x"]);
        Assert.AreEqual("# PIPELINE DEFINITION\n# Name: x\na: 1\n---\nplatforms: {}\n", yaml);
        Assert.AreEqual(2, YamlToJson.ParseDocuments(yaml).Count);
    }

    [TestMethod]
    public void Long_descriptions_are_not_folded_across_lines()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 100));
        var yaml = IrYaml.Write([new JsonObject { ["description"] = text }]);
        Assert.AreEqual(1, yaml.TrimEnd('\n').Split('\n').Length);
    }
}
