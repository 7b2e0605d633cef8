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

    /// <summary>Imported KFP components (<see cref="ImportComponentYaml"/>'s JSON files): their executors
    /// keep their own image, command and args.</summary>
    public ITaskItem[] ImportedComponents { get; set; } = [];
    /// <summary>Executors files of referenced component libraries (<c>&lt;Assembly&gt;.pipelines.json</c>
    /// next to each referenced assembly): their components run in the library's pinned images.</summary>
    public ITaskItem[] LibraryFiles { get; set; } = [];
    /// <summary>Where to write this project's own executors file for projects that reference it
    /// (<c>$(OutDir)$(TargetName).pipelines.json</c>, packed beside the assembly).</summary>
    public string? LibraryOutputFile { get; set; }
    /// <summary>The assembly name recorded in <see cref="LibraryOutputFile"/>.</summary>
    public string? LibraryName { get; set; }

    /// <summary>Where to remember what each component's YAML was made from (obj/): a component whose spec, image, command
    /// and version are unchanged, and whose YAML is still the file this step wrote, is not compiled again. Empty: no cache.</summary>
    public string? CacheFile { get; set; }

    [Microsoft.Build.Framework.Output] public ITaskItem[] ComponentFiles { get; private set; } = [];

    // The same inputs give another YAML when the SDK that writes it changed.
    private static readonly string WriterVersion =
        $"{typeof(WriteComponentYaml).Assembly.ManifestModule.ModuleVersionId}/{typeof(ComponentCompiler).Assembly.ManifestModule.ModuleVersionId}";

    public override bool Execute()
    {
        var timings = new StepTimings();
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
        var specJson = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var json in specs)
        {
            ComponentInfo component;
            try { component = ComponentInfo.Parse(json); }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                Log.LogError(null, SdkDiagnostics.BadComponentSpec, null, AssemblyPath, 0, 0, 0, 0, $"A component spec in '{AssemblyPath}' is malformed: {e.Message}");
                continue;
            }
            specJson.TryAdd(component.Name, json);
            if (!components.TryAdd(component.Name, component))
            {
                Log.LogError(null, SdkDiagnostics.DuplicateComponent, null, AssemblyPath, 0, 0, 0, 0,
                    $"Two components are named '{component.Name}' ({components[component.Name].Method} and {component.Method}); give one another [Component(Name = ...)].");
            }
        }
        if (Log.HasLoggedErrors) return false;
        timings.Lap("specs");

        JsonObject? builtImages = null;
        if (!string.IsNullOrEmpty(ImagesFile))
        {
            var problem = "it is not a JSON object";
            try { builtImages = JsonNode.Parse(File.ReadAllText(ImagesFile)) as JsonObject; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { problem = e.Message; }
            if (builtImages is null)
            {
                Log.LogError(null, SdkDiagnostics.NoImageForComponent, null, ImagesFile, 0, 0, 0, 0, $"The built images list '{ImagesFile}' is missing or unreadable: {problem}");
                return false;
            }
        }

        var executors = new JsonObject();
        var files = new List<ITaskItem>();
        var cache = OutputCache.Load(CacheFile);
        var reused = 0;
        timings.Lap("images");
        try
        {
            foreach (var (name, component) in components)
            {
                string image;
                // A container component runs the image its ContainerSpec names: the build made none for it.
                var own = component.Container is { } container ? ExecutorTarget.Imported(container) : null;
                if (own is not null)
                {
                    image = own.Image;
                }
                else if (builtImages is not null)
                {
                    if (builtImages[name]?.GetValue<string>() is not { Length: > 0 } built)
                    {
                        Log.LogError(null, SdkDiagnostics.NoImageForComponent, null, ImagesFile, 0, 0, 0, 0, $"Component '{name}': the build produced no image for it.");
                        continue;
                    }
                    image = built;
                }
                else
                {
                    try { image = ComponentImageName.For(name, Image, ImageRegistry, ImageRepositoryPrefix, ImageTag); }
                    catch (FormatException e)
                    {
                        Log.LogError(null, SdkDiagnostics.BadImageSettings, null, null, 0, 0, 0, 0, $"Component '{name}': {e.Message}");
                        continue;
                    }
                }

                var target = own ?? new ExecutorTarget(image, Command);
                executors[name] = target.ToJson();

                var path = Path.Combine(OutputDirectory, name + ".yaml");
                var key = OutputCache.Key(specJson[name], executors[name]!.ToJsonString(), Version ?? "", WriterVersion);
                if (!cache.IsCurrent(Path.GetFullPath(path), key))
                {
                    var spec = ComponentCompiler.Compile(component, target);
                    VersionStamp.Apply(spec, Version);
                    if (AtomicFile.WriteAllTextIfChanged(path, IrYaml.Write([spec], IrHeader.For(spec, Version))))
                        Log.LogMessage(MessageImportance.Low, $"Wrote {path}");
                    cache.Record(Path.GetFullPath(path), key);
                }
                else
                {
                    reused++;
                }

                files.Add(new Microsoft.Build.Utilities.TaskItem(path, new Dictionary<string, string> { ["Component"] = name, ["Image"] = image }));
            }
            if (Log.HasLoggedErrors) return false;
            timings.Lap("components");

            var exported = (JsonObject)executors.DeepClone();
            AddImported(executors, exported);
            AddLibraries(executors);
            if (Log.HasLoggedErrors) return false;

            AtomicFile.DeleteStale(OutputDirectory, "*.yaml", files.Select(f => f.ItemSpec));
            cache.Save(files.Select(f => Path.GetFullPath(f.ItemSpec)));
            AtomicFile.WriteAllTextIfChanged(ExecutorsFile, executors.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (!string.IsNullOrEmpty(LibraryOutputFile))
            {
                var library = new JsonObject { ["assembly"] = LibraryName ?? Path.GetFileNameWithoutExtension(AssemblyPath), ["executors"] = exported };
                if (!string.IsNullOrEmpty(Version)) library["version"] = Version;
                AtomicFile.WriteAllTextIfChanged(LibraryOutputFile, IrParts.Sorted(library)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, SdkDiagnostics.WriteFailed, null, null, 0, 0, 0, 0, $"Cannot write component YAML to '{OutputDirectory}': {e.Message}");
            return false;
        }

        ComponentFiles = files.ToArray();
        timings.Lap("executors");
        Log.LogMessage(MessageImportance.Normal, $"Pipelines: {files.Count} component(s) -> {OutputDirectory} ({reused} unchanged since the last build, not compiled again): {timings}");
        return true;
    }

    /// <summary>Imported KFP components run their own container: their entry carries it verbatim
    /// (<see cref="ExecutorTarget.Imported"/>) and the tracer writes it as their executor.</summary>
    private void AddImported(JsonObject executors, JsonObject exported)
    {
        foreach (var item in ImportedComponents)
        {
            JsonObject imported;
            try { imported = JsonNode.Parse(File.ReadAllText(item.ItemSpec)) as JsonObject ?? throw new JsonException("not an object"); }
            catch (Exception e) when (e is IOException or JsonException)
            {
                Log.LogError(null, SdkDiagnostics.BadImportedComponent, null, item.ItemSpec, 0, 0, 0, 0, $"Cannot read the imported component '{item.ItemSpec}': {e.Message}");
                continue;
            }
            var name = imported["spec"]?["name"]?.GetValue<string>();
            if (name is null || imported["container"] is not JsonObject container) continue;
            if (executors.ContainsKey(name))
            {
                Log.LogError(null, SdkDiagnostics.DuplicateComponent, null, imported["source"]?.GetValue<string>() ?? item.ItemSpec, 0, 0, 0, 0,
                    $"Two components are named '{name}': a [Component] of this project and the imported YAML; rename one.");
                continue;
            }
            JsonObject entry;
            try { entry = ExecutorTarget.Imported(container).ToJson(); }
            catch (FormatException e)
            {
                Log.LogError(null, SdkDiagnostics.BadImportedComponent, null, item.ItemSpec, 0, 0, 0, 0, $"The imported component '{name}' cannot run: {e.Message}");
                continue;
            }
            executors[name] = entry;
            exported[name] = entry.DeepClone();
        }
    }

    /// <summary>Components of referenced libraries run in the library's own pinned images.</summary>
    private void AddLibraries(JsonObject executors)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in LibraryFiles.OrderBy(i => i.ItemSpec, StringComparer.Ordinal))
        {
            JsonObject library;
            try { library = JsonNode.Parse(File.ReadAllText(item.ItemSpec)) as JsonObject ?? throw new JsonException("not an object"); }
            catch (Exception e) when (e is IOException or JsonException)
            {
                Log.LogError(null, SdkDiagnostics.BadComponentLibrary, null, item.ItemSpec, 0, 0, 0, 0, $"Cannot read the component library file '{item.ItemSpec}': {e.Message}");
                continue;
            }
            var label = $"{library["assembly"]?.GetValue<string>() ?? Path.GetFileName(item.ItemSpec)} {library["version"]?.GetValue<string>()}".Trim();
            foreach (var (name, node) in (library["executors"] as JsonObject ?? new JsonObject()).ToList())
            {
                if (node is not JsonObject entry || entry["image"] is null) continue;
                if (executors[name] is JsonObject existing)
                {
                    if (owners.TryGetValue(name, out var owner) && JsonNode.DeepEquals(existing["image"], entry["image"])) continue;
                    Log.LogError(null, SdkDiagnostics.BadComponentLibrary, null, item.ItemSpec, 0, 0, 0, 0,
                        $"Component '{name}' of {label} has the same name as a component {(owner is null ? "of this project" : "of " + owner)}; KFP names must be unique in a pipeline: rename one ([Component(Name = ...)]).");
                    continue;
                }
                var copy = (JsonObject)entry.DeepClone();
                copy["library"] = label;
                executors[name] = copy;
                owners[name] = label;
                Log.LogMessage(MessageImportance.Low, $"Component '{name}' from {label}: {entry["image"]}");
            }
        }
    }
}
