using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// [ContainerComponent] methods: the container the generator evaluates from the body is the one KFP's
/// Python compiler writes for the same component (sdk/python/test_data/components/container_*.yaml),
/// the factories are typed like any component's, and the entry point has no executor for them.
/// </summary>
[TestClass]
public sealed class ContainerComponentGeneratorTests
{
    private static JsonObject Container(GeneratorResult result, string component)
    {
        var specs = ManifestReader.Read(result.Output).Where(m => m.Key == "Pipelines.Component").Select(m => JsonNode.Parse(m.Value)!.AsObject());
        return specs.Single(s => (string?)s["name"] == component)["container"]!.AsObject();
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [TestMethod]
    public void ContainerComponents()
    {
        var result = GeneratorRunner.Run([Samples.ContainerComponents], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);
    }

    [TestMethod]
    public void PlainPlaceholdersAreKfps()
    {
        var result = GeneratorRunner.Run([Samples.ContainerComponents], OutputKind.ConsoleApplication);
        var io = Container(result, "container-io");
        Assert.AreEqual("public.ecr.aws/docker/library/python:3.12", (string?)io["image"]);
        CollectionAssert.AreEqual(new[] { "my_program", "{{$.inputs.parameters['text']}}" }, Strings(io["command"]));
        CollectionAssert.AreEqual(new[] { "--output_path", "{{$.outputs.parameters['output_path'].output_file}}" }, Strings(io["args"]));

        var fstring = Container(result, "container-with-placeholder-in-fstring");
        CollectionAssert.AreEqual(new[] { "my_program", "prefix-{{$.inputs.parameters['text1']}}", "{{$.outputs.artifacts['output_artifact'].uri}}/0" },
            Strings(fstring["command"]));
        Assert.IsNull(fstring["args"], "no args: KFP leaves the field out");
    }

    [TestMethod]
    public void IfPresentAndConcatAreKfpsJsonText()
    {
        var result = GeneratorRunner.Run([Samples.ContainerComponents], OutputKind.ConsoleApplication);
        // The strings of container_with_if_placeholder.yaml and container_with_concat_placeholder.yaml, byte for byte.
        CollectionAssert.AreEqual(new[]
        {
            "my_program",
            """{"IfPresent": {"InputName": "optional_input", "Then": ["{{$.inputs.parameters['optional_input']}}"], "Else": ["bye"]}}""",
            "--dataset",
            """{"IfPresent": {"InputName": "optional_input", "Then": ["{{$.outputs.artifacts['dataset'].uri}}"], "Else": ["bye"]}}""",
        }, Strings(Container(result, "container-with-if-placeholder")["command"]));
        CollectionAssert.AreEqual(new[]
        {
            "my_program",
            """{"Concat": ["prefix-", "{{$.inputs.parameters['text1']}}", "{{$.outputs.artifacts['text2'].uri}}"]}""",
        }, Strings(Container(result, "container-with-concat-placeholder")["command"]));
    }

    [TestMethod]
    public void ArtifactsIntegersNestingAndEscapes()
    {
        var result = GeneratorRunner.Run([Samples.ContainerComponents], OutputKind.ConsoleApplication);
        var count = Container(result, "count-rows");
        Assert.AreEqual("alpine:3.20", (string?)count["image"]);
        CollectionAssert.AreEqual(new[]
        {
            "sh", "-c", "tail -n +$((1 + $2)) \"$0\" | wc -l > \"$1\"",
            "{{$.inputs.artifacts['data'].path}}", "{{$.outputs.parameters['rows'].output_file}}", "{{$.inputs.parameters['skip']}}",
        }, Strings(count["command"]));
        CollectionAssert.AreEqual(new[]
        {
            """{"IfPresent": {"InputName": "model", "Then": ["--model", "{{$.inputs.artifacts['model'].path}}"]}}""",
            // A single-element IfPresent nests inside Concat as an object; non-ASCII and control characters as json.dumps escapes them.
            """{"Concat": ["--limit=", {"IfPresent": {"InputName": "limit", "Then": "{{$.inputs.parameters['limit']}}", "Else": "none"}}, "-\u00e9\n"]}""",
            "--skip={{$.inputs.parameters['skip']}}",
        }, Strings(count["args"]));
    }

    /// <summary>The example of docs/authoring.md#container-components gives the IR the page shows.</summary>
    [TestMethod]
    public void TheAuthoringPagesExample()
    {
        var result = GeneratorRunner.Run(["""
            using Pipelines;
            namespace Docs;
            public static class Tools
            {
                private const string Image = "registry.example.com/tools/csvkit:2.0";

                [ContainerComponent(Description = "Keep the rows that match")]
                public static ContainerSpec Filter(Input<Dataset> data, Output<Dataset> kept, OutputParameter<int> rows,
                                                  string column, string? pattern = null, string encoding = "utf-8") =>
                    new(Image,
                        command: ["sh", "-c", "out=$0; n=$1; shift; csvgrep \"$@\" > \"$out\" && csvstat --count \"$out\" > \"$n\"",
                                  kept.Path, rows.OutputFile],
                        args: ["-c", column,
                               ContainerArg.IfPresent(pattern, then: ["-r", pattern!], @else: ["-m", ""]),
                               ContainerArg.Concat("--encoding=", encoding),
                               data.Path]);
            }
            """]);
        var filter = Container(result, "filter");
        Assert.AreEqual("registry.example.com/tools/csvkit:2.0", (string?)filter["image"]);
        CollectionAssert.AreEqual(new[]
        {
            "sh", "-c", "out=$0; n=$1; shift; csvgrep \"$@\" > \"$out\" && csvstat --count \"$out\" > \"$n\"",
            "{{$.outputs.artifacts['kept'].path}}", "{{$.outputs.parameters['rows'].output_file}}",
        }, Strings(filter["command"]));
        CollectionAssert.AreEqual(new[]
        {
            "-c", "{{$.inputs.parameters['column']}}",
            """{"IfPresent": {"InputName": "pattern", "Then": ["-r", "{{$.inputs.parameters['pattern']}}"], "Else": ["-m", ""]}}""",
            """{"Concat": ["--encoding=", "{{$.inputs.parameters['encoding']}}"]}""",
            "{{$.inputs.artifacts['data'].path}}",
        }, Strings(filter["args"]));
    }

    [TestMethod]
    public void NoExecutorInTheEntryPointAndTypedFactories()
    {
        var result = GeneratorRunner.Run([Samples.ContainerComponents], OutputKind.ConsoleApplication);
        var entryPoint = result.Source("PipelinesEntryPoint.g.cs");
        Assert.DoesNotContain("container-io", entryPoint, "a container component never runs in this program");
        Assert.DoesNotContain("Execute_", entryPoint);

        // Wiring the int output into the string input does not compile: the factory is typed like any component's.
        var wrong = GeneratorRunner.Run([Samples.ContainerComponents, """
            namespace Kinds.Containers;
            public static class Wrong
            {
                [Pipelines.Pipeline]
                public static void Run(Pipelines.PipelineBuilder p, Pipelines.Param<string> text)
                {
                    var count = ToolsTasks.Count(ToolsTasks.ContainerWithConcatPlaceholder(text).Outputs.Text2);
                    ToolsTasks.ContainerIo(count.Outputs.Rows);
                }
            }
            """], OutputKind.ConsoleApplication);
        var errors = wrong.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        CollectionAssert.AreEqual(new[] { "CS1503" }, errors);
    }
}
