using Pipelines.Local;

namespace ChurnPrediction.Tests;

/// <summary>
/// The whole pipeline as KFP runs it: the YAML the build wrote, each component in its own process
/// with KFP's executor input, artifacts passed between tasks through files. Small data, no cache.
/// </summary>
[TestClass]
public sealed class LocalRunTests
{
    /// <summary>The build writes the pipeline beside the app: ChurnPrediction.Pipeline/bin/&lt;configuration&gt;/net10.0/pipelines/.</summary>
    private static string PipelineYaml()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));   // .../ChurnPrediction.Tests/bin/<configuration>/<tfm>
        string tfm = output.Name, configuration = output.Parent!.Name;
        string project = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "ChurnPrediction.Pipeline");
        return Path.Combine(project, "bin", configuration, tfm, "pipelines", "churn-training.yaml");
    }

    [TestMethod]
    public async Task The_pipeline_runs_locally_end_to_end_and_its_model_beats_the_baseline()
    {
        string runs = Directory.CreateTempSubdirectory("churn-local-run-").FullName;
        try
        {
            var result = await LocalRunner.RunAsync(PipelineYaml(), new Dictionary<string, object?> { ["rows"] = 500 },
                new RunOptions { RunsRoot = runs, UseCache = false });

            Assert.IsTrue(result.Succeeded, string.Join("\n", result.Tasks.Select(t => $"{t.Path}: {t.State} {t.Reason}")));
            Assert.AreEqual(500L, result.Task("generate-data").OutputParameters["Output"]!.GetValue<long>());
            double accuracy = result.Task("evaluate").OutputParameters["Output"]!.GetValue<double>();
            var metrics = result.Task("evaluate").OutputArtifacts["metrics"][0].Metadata;
            Assert.AreEqual(accuracy, metrics["accuracy"]!.GetValue<double>(), 1e-9, metrics.ToJsonString());
            Assert.IsTrue(accuracy > metrics["majority_baseline"]!.GetValue<double>(), metrics.ToJsonString());
            Assert.IsTrue(Directory.Exists(result.Task("train").ArtifactPath("model")), "the model (a folder) is on disk");
            Assert.IsTrue(File.Exists(Path.Combine(result.RunDirectory, "run.json")));
        }
        finally
        {
            Directory.Delete(runs, recursive: true);
        }
    }
}
