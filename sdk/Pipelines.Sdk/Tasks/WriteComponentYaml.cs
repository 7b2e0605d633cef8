using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Pipelines.Sdk.Manifest;
using Pipelines.Sdk.Yaml;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Reads the component specs embedded in the compiled assembly (without running it), decides
/// each component's image and command, and writes <c>components/&lt;name&gt;.yaml</c> in KFP's
/// compiled-component form plus the executors file the pipeline tracer needs.
/// </summary>
public sealed class WriteComponentYaml : Task
{
    [Required] public string AssemblyPath { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    /// <summary>JSON map component → {image, command} for <see cref="WritePipelineYaml"/>.</summary>
    [Required] public string ExecutorsFile { get; set; } = "";
    /// <summary>The program inside the image, e.g. <c>dotnet;/app/Churn.dll</c>.</summary>
    [Required] public string[] Command { get; set; } = [];
    /// <summary>One image for every component (overrides the per-component references).</summary>
    public string? Image { get; set; }
    public string? ImageRegistry { get; set; }
    [Required] public string ImageRepositoryPrefix { get; set; } = "";
    [Required] public string ImageTag { get; set; } = "";
    public string? Version { get; set; }
    /// <summary>JSON map component → digest-pinned image written by <see cref="BuildComponentImages"/>;
    /// when set, every component must have an image there (no YAML names an image the build did not produce).</summary>
    public string? ImagesFile { get; set; }

    [Output] public ITaskItem[] ComponentFiles { get; private set; } = [];

    public override bool Execute()
    {
        List<string> specs;
        try
        {
            specs = AssemblyManifest.Read(AssemblyPath, ComponentInfo.MetadataKey);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            Log.LogError(null, SdkDiagnostics.AssemblyUnreadable, null, AssemblyPath, 0, 0, 0, 0, $"Cannot read component specs from '{AssemblyPath}': {e.Message}");
            return false;
        }

        var components = new SortedDictionary<string, ComponentInfo>(StringComparer.Ordinal);
        foreach (var json in specs)
        {
            ComponentInfo component;
            try { component = ComponentInfo.Parse(json); }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                Log.LogError(null, SdkDiagnostics.BadComponentSpec, null, AssemblyPath, 0, 0, 0, 0, $"A component spec in '{AssemblyPath}' is malformed: {e.Message}");
                continue;
            }
            if (!components.TryAdd(component.Name, component))
                Log.LogError(null, SdkDiagnostics.DuplicateComponent, null, AssemblyPath, 0, 0, 0, 0,
                    $"Two components are named '{component.Name}' ({components[component.Name].Method} and {component.Method}); give one another [Component(Name = ...)].");
        }
        if (Log.HasLoggedErrors) return false;

        JsonObject? builtImages = null;
        if (!string.IsNullOrEmpty(ImagesFile))
        {
            try { builtImages = JsonNode.Parse(File.ReadAllText(ImagesFile)) as JsonObject; }
            catch (Exception e) when (e is IOException or JsonException) { }
            if (builtImages is null)
            {
                Log.LogError(null, SdkDiagnostics.NoImageForComponent, null, ImagesFile, 0, 0, 0, 0, $"The built images list '{ImagesFile}' is missing or unreadable.");
                return false;
            }
        }

        var executors = new JsonObject();
        var files = new List<ITaskItem>();
        try
        {
            foreach (var (name, component) in components)
            {
                string image;
                if (builtImages is not null)
                {
                    if (builtImages[name]?.GetValue<string>() is not { Length: > 0 } built)
                    {
                        Log.LogError(null, SdkDiagnostics.NoImageForComponent, null, ImagesFile, 0, 0, 0, 0, $"Component '{name}': the build produced no image for it.");
                        continue;
                    }
                    image = built;
                }
                else try { image = ImageReference.For(name, Image, ImageRegistry, ImageRepositoryPrefix, ImageTag); }
                catch (FormatException e)
                {
                    Log.LogError(null, SdkDiagnostics.BadImageSettings, null, null, 0, 0, 0, 0, $"Component '{name}': {e.Message}");
                    continue;
                }
                var target = new ExecutorTarget(image, Command);
                executors[name] = target.ToJson();

                var spec = ComponentCompiler.Compile(component, target);
                VersionStamp.Apply(spec, Version);
                string path = Path.Combine(OutputDirectory, name + ".yaml");
                if (AtomicFile.WriteAllTextIfChanged(path, IrYaml.Write([spec], IrHeader.For(spec, Version))))
                    Log.LogMessage(MessageImportance.Low, $"Wrote {path}");
                files.Add(new Microsoft.Build.Utilities.TaskItem(path, new Dictionary<string, string> { ["Component"] = name, ["Image"] = image }));
            }
            if (Log.HasLoggedErrors) return false;

            AtomicFile.DeleteStale(OutputDirectory, "*.yaml", files.Select(f => f.ItemSpec));
            AtomicFile.WriteAllTextIfChanged(ExecutorsFile, executors.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, SdkDiagnostics.WriteFailed, null, null, 0, 0, 0, 0, $"Cannot write component YAML to '{OutputDirectory}': {e.Message}");
            return false;
        }

        ComponentFiles = files.ToArray();
        Log.LogMessage(MessageImportance.Normal, $"Pipelines: {files.Count} component(s) -> {OutputDirectory}");
        return true;
    }
}
