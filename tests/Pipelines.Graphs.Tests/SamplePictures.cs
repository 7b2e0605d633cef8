namespace Pipelines.Graphs.Tests;

/// <summary>Writes the pictures of every fixture to PIPELINES_PICTURES_DIR when set, to look at them;
/// keeps the picture in docs/pictures.md that of the current code.</summary>
[TestClass]
public sealed class SamplePictures
{
    [TestMethod]
    public void Write_pictures_for_inspection_when_asked()
    {
        var dir = Environment.GetEnvironmentVariable("PIPELINES_PICTURES_DIR");
        foreach (var row in Fixtures.All)
        {
            var fixture = (string)row[0];
            var graph = PipelineSpecReader.Read(Fixtures.Text(fixture));
            string svg = SvgWriter.Write(graph), mermaid = MermaidWriter.Write(graph);
            Assert.IsNotEmpty(svg);
            if (dir is null) continue;
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, Path.GetFileNameWithoutExtension(fixture) + ".svg"), svg);
            File.WriteAllText(Path.Combine(dir, Path.GetFileNameWithoutExtension(fixture) + ".mmd"), mermaid);
        }
        if (dir is null) return;
        // A picture of a run: one task in each state.
        var sweep = PipelineSpecReader.Read(Fixtures.Text("hyperparameter-sweep.yaml"));
        File.WriteAllText(Path.Combine(dir, "hyperparameter-sweep-run.svg"), SvgWriter.Write(sweep, new Dictionary<string, TaskState>
        {
            ["exit-handler-1/make-data"] = TaskState.Cached,
            ["exit-handler-1/for-loop-3/train"] = TaskState.Succeeded,
            ["exit-handler-1/for-loop-3/evaluate"] = TaskState.Succeeded,
            ["exit-handler-1/pick-best"] = TaskState.Failed,
            ["exit-handler-1/train-2"] = TaskState.Skipped,
            ["notify"] = TaskState.Running,
            ["exit-handler-1/condition-branches-4/condition-5/deploy"] = TaskState.Pending,
        }));
        for (var seed = 1; seed <= 6; seed++)
            File.WriteAllText(Path.Combine(dir, $"random-{seed}.svg"), SvgWriter.Write(PipelineSpecReader.Read(RandomPipelines.Json(seed))));
    }

    [TestMethod]
    public void The_picture_in_the_docs_is_what_the_SDK_draws_now()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Pipelines.Sdk.sln"))) root = Path.GetDirectoryName(root) ?? throw new AssertFailedException("repository root not found");
        var docs = Path.Combine(root, "docs", "pictures", "hyperparameter-sweep.svg");
        var svg = SvgWriter.Write(PipelineSpecReader.Read(Fixtures.Text("hyperparameter-sweep.yaml")));
        if (Environment.GetEnvironmentVariable("PIPELINES_UPDATE_DOCS_PICTURES") == "1") File.WriteAllText(docs, svg);
        Assert.AreEqual(svg, File.ReadAllText(docs), "docs/pictures/hyperparameter-sweep.svg is stale: rerun this test with PIPELINES_UPDATE_DOCS_PICTURES=1");
    }
}
