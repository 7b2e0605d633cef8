using Pipelines.Sdk.Tasks;
using Pipelines.Sdk.Tests.Infrastructure;

namespace Pipelines.Sdk.Tests;

/// <summary>Image settings no build step can recover from are refused with a PIPE code and one line naming the setting,
/// never an exception out of a task (MSB4018) and never an image pushed where the user did not say.</summary>
[TestClass]
public sealed class BadImageSettingsTests
{
    /// <summary>The targets' own check (<c>_PipelinesCheckSettings</c>), run alone on a sample: evaluation only, no compile.</summary>
    [TestMethod]
    public void An_app_directory_that_is_not_absolute_and_a_push_without_a_registry_are_PIPE1007()
    {
        var root = SampleWorkspace.CopySample("HyperparameterSweep");
        try
        {
            CommandResult Check(params string[] properties) =>
                DotnetCli.Dotnet(root, ["msbuild", "HyperparameterSweep", "-t:_PipelinesCheckSettings", "-nologo", "-v:q", .. properties]);

            Check().AssertSuccess("the sample's own settings");
            foreach (var directory in new[] { "relative/app", "/app/../etc", " /app", "" })
            {
                var bad = Check($"-p:PipelineContainerAppDirectory={directory}");
                Assert.AreNotEqual(0, bad.ExitCode, directory);
                StringAssert.Contains(bad.Output, "error PIPE1007: PipelineContainerAppDirectory", directory);
            }
            // No registry: the image names would be Docker Hub's. Whitespace is no registry either (and does not turn pushing on).
            foreach (var registry in new[] { "", " " })
            {
                var push = Check("-p:PipelinePushImages=true", $"-p:PipelineRegistry={registry}");
                Assert.AreNotEqual(0, push.ExitCode, push.Output);
                StringAssert.Contains(push.Output, "error PIPE1007: PipelinePushImages=true needs PipelineRegistry");
            }
            Check("-p:PipelineRegistry= ").AssertSuccess("a blank registry does not turn pushing on");
            // A prefix that image names would read as a registry host, when there is no registry to put in front of it.
            foreach (var prefix in new[] { "ml.team", "localhost/x", "host:5000/ml" })
                StringAssert.Contains(Check($"-p:PipelineImageRepositoryPrefix={prefix}").Output, "error PIPE1007: PipelineImageRepositoryPrefix", prefix);
            Check("-p:PipelineImageRepositoryPrefix=ml/team.a").AssertSuccess("dots after the first part are repository path");
            Check("-p:PipelineImageRepositoryPrefix=ml.team", "-p:PipelineRegistry=registry.example.com").AssertSuccess("after a registry, any part is path");
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }

    [TestMethod]
    [DataRow("bogus://x")]
    [DataRow("tcp://127.0.0.1:99999")]
    [DataRow("not a uri")]
    public void A_DOCKER_HOST_that_is_no_engine_address_is_PIPE1010(string dockerHost)
    {
        var engine = new TestBuildEngine();
        var task = new LoadComponentImages { BuildEngine = engine, DockerHost = dockerHost, Archives = [] };
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("PIPE1010", error.Code);
        StringAssert.Contains(error.Message, $"DOCKER_HOST '{dockerHost}'");
    }
}
