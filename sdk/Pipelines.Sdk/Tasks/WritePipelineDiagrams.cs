using System.Text.RegularExpressions;
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
public sealed partial class WritePipelineDiagrams : Task
{
    // The same YAML gives another picture when the SDK that draws it changed.
    private static readonly string DrawerVersion =
        $"{typeof(WritePipelineDiagrams).Assembly.ManifestModule.ModuleVersionId}/{typeof(SvgWriter).Assembly.ManifestModule.ModuleVersionId}";

    /// <summary>The pipeline YAML files (<c>pipelines/*.yaml</c>). Not required: when the last pipeline is removed the step
    /// still runs, to delete its pictures.</summary>
    public ITaskItem[] PipelineFiles { get; set; } = [];

    /// <summary>The folder whose stale pictures to remove (<c>$(PipelinesDirectory)</c>).</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Where to remember what each picture was drawn from (obj/): a pipeline whose YAML differs only in image
    /// references (a component's new digest after an edit in its body) is not drawn again. Empty: no cache.</summary>
    public string? CacheFile { get; set; }

    [Microsoft.Build.Framework.Output] public ITaskItem[] DiagramFiles { get; private set; } = [];

    public override bool Execute()
    {
        var written = new List<ITaskItem>();
        var cache = OutputCache.Load(CacheFile);
        foreach (var item in PipelineFiles)
        {
            var yaml = item.GetMetadata("FullPath");
            string mermaid = Path.ChangeExtension(yaml, ".mmd"), svg = Path.ChangeExtension(yaml, ".svg");
            TaskGraph graph;
            string key;
            try
            {
                var text = File.ReadAllText(yaml);
                // A picture shows no image: digests and fingerprint tags are left out of what it is drawn from.
                key = OutputCache.Key(ImageReferenceParts().Replace(text, "$1"), DrawerVersion);
                if (cache.IsCurrent(mermaid, key) && cache.IsCurrent(svg, key))
                {
                    written.Add(new Microsoft.Build.Utilities.TaskItem(mermaid));
                    written.Add(new Microsoft.Build.Utilities.TaskItem(svg));
                    Log.LogMessage(MessageImportance.Low, $"  picture of {yaml} unchanged");
                    continue;
                }
                graph = PipelineSpecReader.Read(text);
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

            try
            {
                AtomicFile.WriteAllTextIfChanged(mermaid, MermaidWriter.Write(graph));
                AtomicFile.WriteAllTextIfChanged(svg, SvgWriter.Write(graph));
                cache.Record(mermaid, key);
                cache.Record(svg, key);
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
        cache.Save(written.Select(w => w.ItemSpec));
        DiagramFiles = written.ToArray();
        return true;
    }

    /// <summary>The parts of an image reference that change with its content: <c>@sha256:&lt;hex&gt;</c> and the
    /// <c>:fp-&lt;hash&gt;</c> tag (group 1 keeps what precedes the value).</summary>
    [GeneratedRegex("(@sha256:|:fp-)[0-9a-f]+")]
    private static partial Regex ImageReferenceParts();
}
