using System.Text.Json.Nodes;
using Pipelines.Sdk.Tasks;
using Pipelines.Sdk.Yaml;

namespace Pipelines.Sdk.Tests;

/// <summary>Filling images into a kept pipeline YAML gives the bytes writing the YAML with them gives.</summary>
[TestClass]
public sealed class PipelineYamlTemplateTests
{
    private const string Key = "0123456789abcdef";

    private static JsonObject Pipeline(Func<string, string> image) => new()
    {
        ["deploymentSpec"] = new JsonObject
        {
            ["executors"] = new JsonObject
            {
                ["exec-train"] = new JsonObject { ["container"] = new JsonObject { ["image"] = image("train"), ["command"] = new JsonArray("dotnet", "/app/App.dll") } },
                ["exec-clean"] = new JsonObject { ["container"] = new JsonObject { ["image"] = image("clean-the-data-of-a-rather-long-component-name-that-goes-past-eighty-columns") } },
            },
        },
        ["pipelineInfo"] = new JsonObject { ["name"] = "churn", ["description"] = "Images: a description that mentions pipelines-image- tokens." },
        ["list"] = new JsonArray(image("train"), "other"),
    };

    [TestMethod]
    [DataRow("churn-pipeline/{0}:fp-0123456789abcdef@sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [DataRow("registry.example.com:5000/team/ml/churn-pipeline/{0}:fp-0123456789abcdef@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [DataRow("localhost/{0}")]
    [DataRow("{0}")]
    [DataRow("a/{0}:1")]
    public void Filling_a_template_gives_the_YAML_written_with_the_images(string format)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        string Image(string component) => images[TraceExecutors.Placeholder(component)] = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, component);
        var direct = IrYaml.Write([Pipeline(Image)]);
        Assert.IsTrue(images.Values.All(PipelineYamlTemplate.IsPlain));

        var tokens = PipelineYamlTemplate.Tokens(Key, images);
        var template = IrYaml.Write([Pipeline(c => tokens[TraceExecutors.Placeholder(c)])]);
        Assert.AreEqual(direct, PipelineYamlTemplate.Fill(template, Key, images));
    }

    [TestMethod]
    [DataRow("127.0.0.1:5000/churn/train:1.0.0")]
    [DataRow("1:30")]
    [DataRow("a/b c")]
    [DataRow("a/b#c")]
    [DataRow("-a/b")]
    public void Images_that_YAML_might_write_otherwise_are_not_filled(string image)
    {
        Assert.IsFalse(PipelineYamlTemplate.IsPlain(image));
        var images = new Dictionary<string, string> { [TraceExecutors.Placeholder("train")] = image };
        var template = "image: " + PipelineYamlTemplate.Token(Key, TraceExecutors.Placeholder("train")) + "\n";
        Assert.IsNull(PipelineYamlTemplate.Fill(template, Key, images));
    }

    [TestMethod]
    public void A_token_without_an_image_or_a_template_of_another_key_is_not_used()
    {
        var images = new Dictionary<string, string> { [TraceExecutors.Placeholder("train")] = "a/train:1" };
        var template = $"a: {PipelineYamlTemplate.Token(Key, TraceExecutors.Placeholder("train"))}\nb: {PipelineYamlTemplate.Token(Key, TraceExecutors.Placeholder("gone"))}\n";
        Assert.IsNull(PipelineYamlTemplate.Fill(template, Key, images), "a component of the template has no image in this build");

        var file = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}", "p.yaml");
        try
        {
            PipelineYamlTemplate.Write(file, Key, "a: 1\n");
            Assert.AreEqual("a: 1\n", PipelineYamlTemplate.Read(file, Key));
            Assert.IsNull(PipelineYamlTemplate.Read(file, "another key"));
        }
        finally { Directory.Delete(Path.GetDirectoryName(file)!, recursive: true); }
    }
}
