using Microsoft.Build.Framework;
using Pipelines.Graphs;
using Pipelines.Sdk.Manifest;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Writes the picture of each pipeline beside its YAML: <c>pipelines/&lt;name&gt;.mmd</c> (Mermaid)
/// and <c>pipelines/&lt;name&gt;.svg</c>, drawn by <c>Pipelines.Graphs</c> from the YAML itself.
/// Pictures whose YAML is gone are deleted.
/// </summary>
public sealed class WritePipelineDiagrams : Task
{
    /// <summary>The pipeline YAML files (<c>pipelines/*.yaml</c>). Not required: when the last pipeline is removed the step
    /// still runs, to delete its pictures.</summary>
    public ITaskItem[] PipelineFiles { get; set; } = [];

    /// <summary>The folder whose stale pictures to remove (<c>$(PipelinesDirectory)</c>).</summary>
    public string? OutputDirectory { get; set; }

    [Microsoft.Build.Framework.Output] public ITaskItem[] DiagramFiles { get; private set; } = [];

    public override bool Execute()
    {
        var written = new List<ITaskItem>();
        foreach (var item in PipelineFiles)
        {
            var yaml = item.GetMetadata("FullPath");
            TaskGraph graph;
            try
            {
                graph = PipelineSpecReader.Read(File.ReadAllText(yaml));
            }
            catch (TaskGraphException e)
            {
                Log.LogError(null, SdkDiagnostics.PictureFailed, null, yaml, 0, 0, 0, 0, $"Cannot draw the pipeline in '{yaml}': {e.Message} (PipelineDiagrams=false skips the pictures)");
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogError(null, SdkDiagnostics.PictureFailed, null, yaml, 0, 0, 0, 0, $"Cannot read '{yaml}': {e.Message}");
                continue;
            }

            string mermaid = Path.ChangeExtension(yaml, ".mmd"), svg = Path.ChangeExtension(yaml, ".svg");
            try
            {
                AtomicFile.WriteAllTextIfChanged(mermaid, MermaidWriter.Write(graph));
                AtomicFile.WriteAllTextIfChanged(svg, SvgWriter.Write(graph));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogError(null, SdkDiagnostics.PictureFailed, null, yaml, 0, 0, 0, 0, $"Cannot write the picture of pipeline '{graph.Name}' beside '{yaml}': {e.Message}");
                continue;
            }
            written.Add(new Microsoft.Build.Utilities.TaskItem(mermaid));
            written.Add(new Microsoft.Build.Utilities.TaskItem(svg));
            Log.LogMessage(MessageImportance.High, $"  picture {graph.Name} -> {svg} (Mermaid: {Path.GetFileName(mermaid)})");
        }
        if (Log.HasLoggedErrors) return false;

        if (!string.IsNullOrEmpty(OutputDirectory) && Directory.Exists(OutputDirectory))
        {
            // A picture is stale when its pipeline's YAML no longer exists (the pipeline was removed or renamed).
            foreach (var pattern in new[] { "*.mmd", "*.svg" })
            {
                foreach (var file in Directory.EnumerateFiles(OutputDirectory, pattern))
                {
                    if (!File.Exists(Path.ChangeExtension(file, ".yaml")))
                        File.Delete(file);
                }
            }
        }
        DiagramFiles = written.ToArray();
        return true;
    }
}
