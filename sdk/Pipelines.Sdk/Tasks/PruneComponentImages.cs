using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Pipelines.Images;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Reduces the OCI layout to the images this build's YAML pins (the digests in the images file), deleting older
/// images and their blobs. Runs after every YAML is written: a build interrupted before that leaves the older
/// images in place, so a YAML from the previous build never pins an image the layout no longer has.
/// </summary>
public sealed class PruneComponentImages : Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required] public string LayoutDirectory { get; set; } = "";
    /// <summary>The map component → pinned reference (<c>…@sha256:…</c>) that BuildComponentImages wrote.</summary>
    [Required] public string ImagesFile { get; set; } = "";

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        if (!Directory.Exists(LayoutDirectory) || !File.Exists(ImagesFile)) return true;
        try
        {
            var pinned = JsonNode.Parse(File.ReadAllText(ImagesFile))?.AsObject()
                ?? throw new FormatException("not a JSON object");
            var keep = pinned.Select(p => p.Value?.GetValue<string>() ?? "")
                .Select(reference => reference[(reference.LastIndexOf('@') + 1)..])
                .Where(Digests.IsValid)
                .ToHashSet(StringComparer.Ordinal);
            using var layoutLock = DirectoryLock.AcquireAsync(LayoutDirectory, LayoutLock.Timeout,
                message => Log.LogMessage(MessageImportance.High, "Pipelines: " + message), _cancel.Token).GetAwaiter().GetResult();
            var (blobs, bytes) = new OciImageLayout(LayoutDirectory).PruneToManifestsAsync(keep, _cancel.Token).GetAwaiter().GetResult();
            if (blobs > 0)
                Log.LogMessage(MessageImportance.Normal, $"Pipelines: removed {blobs} unreferenced blob(s) ({bytes / 1024} KiB) from {LayoutDirectory}");
            return true;
        }
        catch (ImageBuildException e)
        {
            var message = e.Message.StartsWith(e.Code + ": ", StringComparison.Ordinal) ? e.Message[(e.Code.Length + 2)..] : e.Message;
            Log.LogError(null, e.Code, null, null, 0, 0, 0, 0, message);
            return false;
        }
        catch (Exception e) when (e is IOException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            Log.LogError(null, SdkDiagnostics.ImagesFailed, null, ImagesFile, 0, 0, 0, 0, $"Cannot prune the image layout {LayoutDirectory} to the images in '{ImagesFile}': {e.Message}");
            return false;
        }
        catch (OperationCanceledException)
        {
            Log.LogError(null, SdkDiagnostics.ImagesFailed, null, null, 0, 0, 0, 0, "Pruning the image layout was cancelled.");
            return false;
        }
    }
}
