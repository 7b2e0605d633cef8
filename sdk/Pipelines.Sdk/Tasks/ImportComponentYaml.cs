using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Pipelines.Naming;
using Pipelines.Sdk.Manifest;
using Pipelines.Sdk.Yaml;
using Pipelines.Yaml;
using YamlDotNet.Core;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Imports KFP component YAML files (<c>&lt;PipelineComponent Include="x.yaml" /&gt;</c>, the compiled
/// component form Python's <c>kfp</c> writes, docs/kfp-contract.md#compiled-component-files) before compiling: validates each file and
/// writes <c>imported/&lt;name&gt;.json</c> holding the component spec (for the generator's typed
/// factory) and the container executor, kept verbatim (its own image, command and args) for the
/// pipeline YAML. Errors (PIPE1011) name the file and the field.
/// </summary>
/// <remarks>Item metadata: <c>Class</c> (factories go into <c>&lt;Class&gt;Tasks</c>; default <c>Kfp</c>),
/// <c>Namespace</c> (default <see cref="DefaultNamespace"/>), <c>Public</c> (default false).</remarks>
public sealed class ImportComponentYaml : Task
{
    private static readonly HashSet<string> ParameterTypes = new(StringComparer.Ordinal)
    {
        "NUMBER_DOUBLE", "NUMBER_INTEGER", "STRING", "BOOLEAN", "LIST", "STRUCT", "TASK_FINAL_STATUS", "TASK_CONFIG",
    };

    public ITaskItem[] Components { get; set; } = [];
    [Required] public string OutputDirectory { get; set; } = "";
    public string? DefaultNamespace { get; set; }

    /// <summary>The JSON files, with metadata <c>Component</c> (the KFP name) and <c>Source</c>.</summary>
    [Microsoft.Build.Framework.Output] public ITaskItem[] ImportedFiles { get; private set; } = [];

    public override bool Execute()
    {
        var files = new List<ITaskItem>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Components)
        {
            var path = item.GetMetadata("FullPath") is { Length: > 0 } full ? full : item.ItemSpec;
            var imported = Import(item, path);
            if (imported is null) continue;
            var name = imported["spec"]!["name"]!.GetValue<string>();
            if (seen.TryGetValue(name, out var other))
            {
                Error(path, $"component name '{name}' (pipelineInfo.name) is also imported from '{other}'");
                continue;
            }
            seen[name] = path;
            var output = Path.Combine(OutputDirectory, name + ".json");
            try
            {
                AtomicFile.WriteAllTextIfChanged(output, imported.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogError(null, SdkDiagnostics.WriteFailed, null, output, 0, 0, 0, 0, $"Cannot write '{output}': {e.Message}");
                continue;
            }
            files.Add(new Microsoft.Build.Utilities.TaskItem(output, new Dictionary<string, string> { ["Component"] = name, ["Source"] = path }));
        }
        if (Log.HasLoggedErrors) return false;
        AtomicFile.DeleteStale(OutputDirectory, "*.json", files.Select(f => f.ItemSpec));
        ImportedFiles = files.ToArray();
        return true;
    }

    private void Error(string file, string message, int line = 0, int column = 0) =>
        Log.LogError(null, SdkDiagnostics.BadImportedComponent, null, file, line, column, 0, 0, $"Component YAML '{file}': {message}");

    /// <summary>The imported component's JSON, or null after logging PIPE1011.</summary>
    internal JsonObject? Import(ITaskItem item, string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(path, $"cannot be read: {e.Message}");
            return null;
        }

        JsonObject root;
        try
        {
            var documents = YamlJson.ParseDocuments(text);
            if (documents.Count == 0 || documents[0] is not JsonObject first)
            {
                Error(path, "is not a KFP component: expected a YAML mapping (a PipelineSpec)");
                return null;
            }
            root = first;
        }
        catch (YamlException e)
        {
            Error(path, $"is not valid YAML: {e.Message}", (int)e.Start.Line, (int)e.Start.Column);
            return null;
        }

        if (root["pipelineInfo"]?["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name) || name.Length == 0)
        {
            Error(path, "field 'pipelineInfo.name' is missing: a compiled KFP component names itself there");
            return null;
        }
        if (!KfpNames.PipelineName.IsMatch(name))
        {
            Error(path, $"field 'pipelineInfo.name': '{name}' is not a valid component name (lowercase letters, digits and '-')");
            return null;
        }

        if (root["components"] is not JsonObject components)
        {
            Error(path, "field 'components' is missing");
            return null;
        }
        var key = "comp-" + name;
        if (components[key] is not JsonObject component)
        {
            // KFP's loader looks for comp-<name>; accept a file whose only component is a container.
            var containers = components.Where(c => c.Value?["executorLabel"] is not null).ToList();
            if (containers.Count != 1 || containers[0].Value is not JsonObject only)
            {
                Error(path, $"field 'components.{key}' is missing: a compiled container component has the component 'comp-<pipelineInfo.name>'");
                return null;
            }
            key = containers[0].Key;
            component = only;
        }
        if (component["dag"] is not null)
        {
            Error(path, $"field 'components.{key}.dag': graph components (pipelines) cannot be imported, only container components");
            return null;
        }
        if (component["executorLabel"] is not JsonValue labelValue || !labelValue.TryGetValue(out string? label) || label.Length == 0)
        {
            Error(path, $"field 'components.{key}.executorLabel' is missing");
            return null;
        }
        if (root["deploymentSpec"]?["executors"]?[label] is not JsonObject executor)
        {
            Error(path, $"field 'deploymentSpec.executors.{label}' is missing (named by components.{key}.executorLabel)");
            return null;
        }
        if (executor["container"] is not JsonObject container)
        {
            Error(path, $"field 'deploymentSpec.executors.{label}.container' is missing: only container components can be imported (not importers or resolvers)");
            return null;
        }
        if (container["image"] is not JsonValue imageValue || !imageValue.TryGetValue(out string? image) || image.Length == 0)
        {
            Error(path, $"field 'deploymentSpec.executors.{label}.container.image' is missing");
            return null;
        }
        foreach (var list in new[] { "command", "args" })
        {
            if (container[list] is { } node && node is not JsonArray)
            {
                Error(path, $"field 'deploymentSpec.executors.{label}.container.{list}' must be a list");
                return null;
            }
        }
        if (container["command"] is not JsonArray { Count: > 0 } && container["args"] is not JsonArray { Count: > 0 })
        {
            Error(path, $"field 'deploymentSpec.executors.{label}.container.command': command and args are both empty (KFP ignores the image ENTRYPOINT)");
            return null;
        }

        var ok = true;
        foreach (var side in new[] { "inputDefinitions", "outputDefinitions" })
        {
            if (component[side] is null) continue;
            if (component[side] is not JsonObject definitions)
            {
                Error(path, $"field 'components.{key}.{side}' must be a mapping");
                ok = false;
                continue;
            }
            ok &= CheckDefinitions(path, $"components.{key}.{side}", definitions);
        }
        if (!ok) return null;

        var description = root["pipelineInfo"]?["description"] is JsonValue d && d.TryGetValue(out string? desc) ? desc : null;
        description ??= text.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith("# Description:", StringComparison.Ordinal))?["# Description:".Length..].Trim();

        var spec = new JsonObject
        {
            ["name"] = name,
            ["method"] = Path.GetFileName(path),
        };
        if (!string.IsNullOrEmpty(description)) spec["description"] = description;
        if (component["inputDefinitions"] is JsonObject inputs && inputs.Count > 0) spec["inputDefinitions"] = inputs.DeepClone();
        if (component["outputDefinitions"] is JsonObject outputs && outputs.Count > 0) spec["outputDefinitions"] = outputs.DeepClone();
        if (component["taskConfigPassthroughs"] is JsonArray passthroughs && passthroughs.Count > 0) spec["taskConfigPassthroughs"] = passthroughs.DeepClone();

        var ns = item.GetMetadata("Namespace") is { Length: > 0 } n ? n : DefaultNamespace ?? "";
        return new JsonObject
        {
            ["class"] = item.GetMetadata("Class") is { Length: > 0 } c ? c : "Kfp",
            ["namespace"] = ns,
            ["public"] = string.Equals(item.GetMetadata("Public"), "true", StringComparison.OrdinalIgnoreCase),
            ["source"] = path,
            ["spec"] = IrParts.Sorted(spec),
            ["container"] = IrParts.Sorted(container),
        };
    }

    private bool CheckDefinitions(string path, string field, JsonObject definitions)
    {
        var ok = true;
        foreach (var (kind, node) in definitions)
        {
            if (kind is not ("parameters" or "artifacts"))
            {
                Error(path, $"field '{field}.{kind}' is unknown (expected 'parameters' or 'artifacts')");
                ok = false;
                continue;
            }
            if (node is not JsonObject entries)
            {
                Error(path, $"field '{field}.{kind}' must be a mapping");
                ok = false;
                continue;
            }
            foreach (var (io, spec) in entries)
            {
                var at = $"{field}.{kind}.{io}";
                if (!KfpNames.IoName.IsMatch(io))
                {
                    Error(path, $"field '{at}': '{io}' is not a usable input/output name (letters, digits and '_')");
                    ok = false;
                }
                else if (kind == "parameters")
                {
                    var type = spec?["parameterType"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
                    if (type is null || !ParameterTypes.Contains(type))
                    {
                        Error(path, $"field '{at}.parameterType' is {(type is null ? "missing" : $"'{type}', not a KFP parameter type")} (expected one of {string.Join(", ", ParameterTypes)})");
                        ok = false;
                    }
                }
                else if (spec?["artifactType"]?["schemaTitle"] is not JsonValue title || !title.TryGetValue(out string? _))
                {
                    Error(path, $"field '{at}.artifactType.schemaTitle' is missing");
                    ok = false;
                }
            }
        }
        return ok;
    }
}
