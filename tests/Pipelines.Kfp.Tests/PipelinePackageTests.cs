using System.Text.Json.Nodes;
using Pipelines.Kfp.Tests.FakeKfp;

namespace Pipelines.Kfp.Tests;

/// <summary>Reading what upload/submit need from pipeline files, including the compiler's own output.</summary>
[TestClass]
public sealed class PipelinePackageTests
{
    private static string CompilerIr => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "churn-training.json"));

    [TestMethod]
    public void Reads_name_inputs_and_version_from_the_SDKs_YAML()
    {
        var package = PipelinePackage.Load(TestPipelines.Write(TestPipelines.ChurnTraining));
        Assert.AreEqual("churn-training", package.Name);
        Assert.AreEqual("Churn training", package.DisplayName);
        Assert.AreEqual("1.2.0+abc123", package.Version);
        Assert.AreEqual("NUMBER_INTEGER", package.Parameters["epochs"].ParameterType);
        CollectionAssert.AreEquivalent(new[] { "region" }, package.Parameters.Values.Where(p => !p.HasDefault).Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void The_version_stamp_in_the_description_is_used_when_there_is_no_header()
    {
        // KFP drops comments when it stores a spec, so a downloaded YAML has only the description.
        var yaml = string.Join('\n', TestPipelines.ChurnTraining.Split('\n').Where(l => !l.StartsWith('#')));
        Assert.AreEqual("1.2.0+abc123", PipelinePackage.Load(TestPipelines.Write(yaml)).Version);
        var bare = JsonNode.Parse(CompilerIr)!.AsObject();
        bare["pipelineInfo"]!["description"] = "Version 2.0.0";
        Assert.AreEqual("2.0.0", PipelinePackage.Load(TestPipelines.Write(bare.ToJsonString(), "p.json")).Version);
    }

    [TestMethod]
    public async Task The_compilers_IR_is_submitted_with_typed_parameters()
    {
        // The compiler's IR is JSON, which is YAML: upload it as the build would after writing YAML.
        var package = PipelinePackage.Load(TestPipelines.Write(CompilerIr, "churn-training.yaml"));
        Assert.AreEqual("churn-training", package.Name);
        Assert.IsNull(package.Version);
        StringAssert.StartsWith(package.DefaultVersionName, "sha256-");
        Assert.AreEqual(package.DefaultVersionName, PipelinePackage.Load(TestPipelines.Write(CompilerIr)).DefaultVersionName);

        await using var server = await FakeKfpServer.StartAsync();
        server.AllowToken("t");
        using var client = new KfpClient(new KfpClientOptions { Host = server.Host, Token = TokenSource.FromValue("t") });
        var published = await PipelinePublisher.PublishAsync(client, package, package.Name, package.DefaultVersionName, reuseVersion: true);
        var run = await client.CreateRunAsync(new Api.Run
        {
            DisplayName = "r",
            PipelineVersionReference = new() { PipelineId = published.Pipeline.PipelineId, PipelineVersionId = published.Version.PipelineVersionId },
            RuntimeConfig = new() { Parameters = RunParameters.Convert(package, new Dictionary<string, string> { ["epochs"] = "7" }) },
        });
        Assert.AreEqual("{\"epochs\":7}", run.RuntimeConfig!.Parameters!.ToJsonString());
    }

    [TestMethod]
    public void A_component_YAML_or_broken_YAML_is_PIPE6009()
    {
        foreach (var text in new[] { "name: x\nimplementation: {}\n", "a: [unclosed\n", "- just\n- a list\n" })
        {
            var e = Assert.ThrowsExactly<KfpException>(() => PipelinePackage.Load(TestPipelines.Write(text)));
            Assert.AreEqual(KfpDiagnostics.NotAPipeline, e.Code, text);
        }
        Assert.AreEqual(KfpDiagnostics.NotAPipeline, Assert.ThrowsExactly<KfpException>(() => PipelinePackage.Load("/nonexistent.yaml")).Code);
    }
}
