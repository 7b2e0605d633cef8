namespace Pipelines.Graphs.Tests;

/// <summary>Writes the pictures of every fixture to PIPELINES_PICTURES_DIR when set, to look at them.</summary>
[TestClass]
public sealed class SamplePictures
{
    [TestMethod]
    public void Write_pictures_for_inspection_when_asked()
    {
        string? dir = Environment.GetEnvironmentVariable("PIPELINES_PICTURES_DIR");
        foreach (object[] row in Fixtures.All)
        {
            string fixture = (string)row[0];
            var graph = PipelineSpecReader.Read(Fixtures.Text(fixture));
            string svg = SvgWriter.Write(graph), mermaid = MermaidWriter.Write(graph);
            Assert.IsNotEmpty(svg);
            if (dir is null) continue;
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, Path.GetFileNameWithoutExtension(fixture) + ".svg"), svg);
            File.WriteAllText(Path.Combine(dir, Path.GetFileNameWithoutExtension(fixture) + ".mmd"), mermaid);
        }
        if (dir is not null)
            for (int seed = 1; seed <= 6; seed++)
                File.WriteAllText(Path.Combine(dir, $"random-{seed}.svg"), SvgWriter.Write(PipelineSpecReader.Read(RandomPipelines.Json(seed))));
    }
}
