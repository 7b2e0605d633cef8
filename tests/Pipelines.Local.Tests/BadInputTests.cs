namespace Pipelines.Local.Tests;

/// <summary>Bad input stops a run before anything runs, with one line and a code.</summary>
[TestClass]
public sealed class BadInputTests
{
    private static async Task<LocalRunException> Fails(string yaml, IReadOnlyDictionary<string, object?> parameters, RunOptions options)
    {
        var e = await Assert.ThrowsExactlyAsync<LocalRunException>(() => LocalRunner.RunAsync(yaml, parameters, options));
        Assert.IsFalse(e.Message.Contains('\n'), e.Message);
        Assert.IsFalse(Directory.Exists(options.RunsRoot) && Directory.EnumerateFileSystemEntries(options.RunsRoot!).Any(), "nothing ran");
        return e;
    }

    private static RunOptions Options() => new() { RunsRoot = TestRunCleanup.Track(Path.Combine(Path.GetTempPath(), $"pipelines-local-bad-{Guid.NewGuid():N}")), Mode = RunMode.Docker, DockerEndpoint = TestEnvironment.DockerHost };

    private static string Showcase() => ShellPipelines.Write(ShellPipelines.Showcase("/tmp/none"));

    [TestMethod]
    public async Task Parameters_are_checked_against_the_pipeline_inputs()
    {
        var yaml = Showcase();
        var unknown = await Fails(yaml, new Dictionary<string, object?> { ["count"] = 1, ["cuont"] = 2 }, Options());
        Assert.AreEqual("PIPE5003", unknown.Code);
        StringAssert.Contains(unknown.Message, "'cuont'");
        StringAssert.Contains(unknown.Message, "its parameters: count");

        var wrongType = await Fails(yaml, new Dictionary<string, object?> { ["count"] = "many" }, Options());
        Assert.AreEqual("PIPE5004", wrongType.Code);
        StringAssert.Contains(wrongType.Message, "NUMBER_INTEGER");

        var fraction = await Fails(yaml, new Dictionary<string, object?> { ["count"] = 1.5 }, Options());
        Assert.AreEqual("PIPE5004", fraction.Code);

        var missing = await Fails(yaml, new Dictionary<string, object?>(), Options());
        Assert.AreEqual("PIPE5005", missing.Code);
        StringAssert.Contains(missing.Message, "'count'");
    }

    [TestMethod]
    public async Task A_file_that_is_not_a_pipeline_is_refused()
    {
        var component = ShellPipelines.Write("name: just-a-component\nimplementation:\n  container:\n    image: x\n");
        Assert.AreEqual("PIPE5001", (await Fails(component, new Dictionary<string, object?>(), Options())).Code);
        var notYaml = ShellPipelines.Write("root: [unclosed\n");
        Assert.AreEqual("PIPE5001", (await Fails(notYaml, new Dictionary<string, object?>(), Options())).Code);
        var dangling = ShellPipelines.Write(ShellPipelines.Failing().Replace("dependentTasks: [fail]", "dependentTasks: [nowhere]"));
        var e = await Fails(dangling, new Dictionary<string, object?>(), Options());
        Assert.AreEqual("PIPE5001", e.Code);
        StringAssert.Contains(e.Message, "'nowhere'");
    }

    [TestMethod]
    public async Task Pipeline_names_components_docker_and_importer_schemes_are_checked_before_running()
    {
        var yaml = Showcase();
        var parameters = new Dictionary<string, object?> { ["count"] = 1 };
        var name = await Fails(yaml, parameters, Options() with { PipelineName = "churn-training" });
        Assert.AreEqual("PIPE5002", name.Code);
        StringAssert.Contains(name.Message, "shell-showcase");

        var notOurs = await Fails(yaml, parameters, Options() with { Mode = RunMode.Process });
        Assert.AreEqual("PIPE5006", notOurs.Code);
        StringAssert.Contains(notOurs.Message, "--mode docker");

        var noDocker = await Fails(yaml, parameters, Options() with { DockerEndpoint = "tcp://127.0.0.1:9" });
        Assert.AreEqual("PIPE5007", noDocker.Code);
        StringAssert.Contains(noDocker.Message, "tcp://127.0.0.1:9");
        foreach (var endpoint in new[] { "bogus://x", "not a uri", "tcp://127.0.0.1:99999" })
        {
            var notDocker = await Fails(yaml, parameters, Options() with { DockerEndpoint = endpoint });
            Assert.AreEqual("PIPE5007", notDocker.Code, endpoint);
            StringAssert.Contains(notDocker.Message, "is not a Docker engine address", endpoint);
        }

        var remote = ShellPipelines.Write(ShellPipelines.Showcase("/tmp/x").Replace("artifactUri: {runtimeParameter: uri}", "artifactUri: {constant: 'gs://bucket/data.csv'}"));
        var scheme = await Fails(remote, parameters, Options());
        Assert.AreEqual("PIPE5008", scheme.Code);
        StringAssert.Contains(scheme.Message, "gs://bucket/data.csv");

        var unknownName = Assert.ThrowsExactly<LocalRunException>(() => PipelineLocator.Resolve("no-such-pipeline", Path.GetDirectoryName(yaml)));
        Assert.AreEqual("PIPE5002", unknownName.Code);
        StringAssert.Contains(unknownName.Message, "pipelines: pipeline");
    }

    [TestMethod]
    public async Task A_secret_the_pipeline_needs_must_be_given_locally()
    {
        var yaml = ShellPipelines.Write(ShellPipelines.Failing() + "\n" + """
            ---
            platforms:
              kubernetes:
                deploymentSpec:
                  executors:
                    exec-step:
                      secretAsEnv:
                      - keyToEnv: [{envVar: TOKEN, secretKey: token}]
                        secretName: registry
                      nodeSelector: {labels: {pool: gpu}}
            """);
        var e = await Fails(yaml, new Dictionary<string, object?>(), Options());
        Assert.AreEqual("PIPE5010", e.Code);
        StringAssert.Contains(e.Message, "--secret registry.token=");
    }
}
