using Pipelines.Local;

namespace KfpPipeline1.Tests;

/// <summary>
/// The whole pipeline as KFP runs it: the YAML the build wrote, each component in its own process
/// with KFP's executor input, artifacts passed between tasks through files.
/// </summary>
[TestClass]
public sealed class LocalRunTests
{
    /// <summary>The build writes the pipeline beside the app: KfpPipelineProject1.Pipeline/bin/&lt;configuration&gt;/&lt;tfm&gt;/pipelines/.</summary>
    private static string PipelineYaml()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));   // .../KfpPipelineProject1.Tests/bin/<configuration>/<tfm>
        string tfm = output.Name, configuration = output.Parent!.Name;
        string project = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "KfpPipelineProject1.Pipeline");
        return Path.Combine(project, "bin", configuration, tfm, "pipelines", "kfp-pipeline-name.yaml");
    }

    [TestMethod]
    public async Task The_pipeline_runs_locally_end_to_end()
    {
        string runs = Directory.CreateTempSubdirectory("kfp-pipeline-name-runs-").FullName;
        try
        {
            var result = await LocalRunner.RunAsync(PipelineYaml(), new Dictionary<string, object?> { ["rows"] = 30 },
                new RunOptions { RunsRoot = runs, UseCache = false });

            Assert.IsTrue(result.Succeeded, string.Join("\n", result.Tasks.Select(t => $"{t.Path}: {t.State} {t.Reason}")));
            Assert.AreEqual(30L, result.Task("make-data").OutputParameters["Output"]!.GetValue<long>());
            Assert.AreEqual(0, result.Task("describe").OutputParameters["Output"]!.GetValue<double>(), 1e-9, "standardised columns have mean 0");
            var summary = result.Task("describe").OutputArtifacts["summary"][0].Metadata;
            Assert.AreEqual(1, summary["height_sd"]!.GetValue<double>(), 1e-9, summary.ToJsonString());
            Assert.IsTrue(File.Exists(result.Task("standardize").ArtifactPath("standardized")));
        }
        finally
        {
            Directory.Delete(runs, recursive: true);
        }
    }
}
