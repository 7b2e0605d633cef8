using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pipelines.Contracts;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Turns an imported KFP component (a <c>&lt;PipelineComponent Include="x.yaml" /&gt;</c> item,
/// converted by the build's ImportComponentYaml task into <c>imported/&lt;name&gt;.json</c>) into a
/// <see cref="ComponentModel"/>, so <see cref="TasksEmitter"/> writes the same typed factory as for a
/// C# component: <c>&lt;Class&gt;Tasks.&lt;Name&gt;(...)</c>. The build validated the file; anything
/// unexpected here is reported as the generator's own failure (PIPE0026).
/// </summary>
/// <remarks>
/// Types: STRING → <c>string</c>, NUMBER_INTEGER → <c>int</c> (what C# components use, so their
/// outputs wire without conversions), NUMBER_DOUBLE → <c>double</c>, BOOLEAN → <c>bool</c>,
/// LIST → <c>JsonArray</c>, STRUCT → <c>JsonObject</c>; artifacts by schema title
/// (<c>system.Dataset</c> → <c>Dataset</c>, unknown titles → <c>Artifact</c>).
/// </remarks>
internal static class ImportedComponentParser
{
    public const string MetadataProperty = "build_metadata.AdditionalFiles.PipelinesImportedComponent";

    /// <summary>
    /// The model of one imported-component file. The build wrote the file, so one this parser cannot
    /// read is a bug of the SDK: it is reported (PIPE0026, naming the file) rather than skipped unnoticed.
    /// </summary>
    public static Parsed<ComponentModel> Parse(AdditionalText file, CancellationToken cancellationToken)
    {
        try
        {
            var text = file.GetText(cancellationToken)?.ToString();
            if (text is null) throw new FormatException("the file cannot be read");
            return new Parsed<ComponentModel>(Parse(text), null);
        }
        catch (Exception e) when (!(e is OperationCanceledException))
        {
            return new Parsed<ComponentModel>(null, GeneratorFailure.From("imported component file '" + file.Path + "'", e, SourceSpan.OfFile(file.Path)));
        }
    }

    /// <exception cref="FormatException">The text is not an imported-component file.</exception>
    public static ComponentModel Parse(string text)
    {
        try
        {
            return ParseCore(text) ?? throw new FormatException("expected {\"spec\": {\"name\": ...}, \"class\": ..., \"namespace\": ...} as the build writes it");
        }
        catch (Exception e) when (e is InvalidCastException || e is KeyNotFoundException || e is OverflowException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static ComponentModel? ParseCore(string text)
    {
        if (!(MiniJson.Parse(text) is Dictionary<string, object?> root)) return null;
        if (!(root.TryGetValue("spec", out var specNode) && specNode is Dictionary<string, object?> spec)) return null;
        if (!(Get(spec, "name") is string name) || name.Length == 0) return null;
        var className = Get(root, "class") as string is { Length: > 0 } c ? c : "Kfp";
        var ns = Get(root, "namespace") as string ?? "";
        var isPublic = Get(root, "public") is bool p && p;
        var source = Get(root, "source") as string ?? name + ".yaml";

        var parameters = new List<ComponentParameterModel>();
        var taken = new List<string>();
        var inputs = Get(spec, "inputDefinitions") as Dictionary<string, object?>;
        // Artifacts (the data) first, then parameters; the factory puts required inputs before optional ones.
        foreach (var entry in Sorted(Get(inputs, "artifacts")))
        {
            var kfpName = entry.Key;
            var definition = entry.Value;
            var title = SchemaTitle(definition);
            var csName = UniqueName(CamelCase(kfpName), taken);
            parameters.Add(new ComponentParameterModel(ComponentParameterRole.InputArtifact, csName, kfpName, ArtifactTypeName(title),
                null, title, Get(definition, "isOptional") is true, null, null, ""));
        }

        foreach (var entry in Sorted(Get(inputs, "parameters")))
        {
            var kfpName = entry.Key;
            var definition = entry.Value;
            var parameterType = Get(definition, "parameterType") as string ?? "STRING";
            if (parameterType == KfpParameterType.TaskConfig)
            {
                // KFP's driver fills it in: no factory argument (as for a C# TaskConfig parameter).
                parameters.Add(new ComponentParameterModel(ComponentParameterRole.TaskConfig, UniqueName(CamelCase(kfpName), taken), kfpName,
                    "global::Pipelines.TaskConfig", parameterType, null, true, null, null, ""));
                continue;
            }
            var defaultValue = definition.TryGetValue("defaultValue", out var d) ? d : null;
            var hasDefault = definition.ContainsKey("defaultValue");
            var optional = hasDefault || Get(definition, "isOptional") is true;
            var csName = UniqueName(CamelCase(kfpName), taken);
            parameters.Add(new ComponentParameterModel(ComponentParameterRole.InputParameter, csName, kfpName, ParameterTypeName(parameterType),
                parameterType, null, optional, hasDefault ? MiniJson.Write(defaultValue) : null, null, ""));
        }
        var outputs = Get(spec, "outputDefinitions") as Dictionary<string, object?>;
        var properties = new List<string>();
        foreach (var entry in Sorted(Get(outputs, "artifacts")))
        {
            var kfpName = entry.Key;
            var definition = entry.Value;
            var title = SchemaTitle(definition);
            var property = UniqueName(PascalCase(kfpName), properties);
            parameters.Add(new ComponentParameterModel(ComponentParameterRole.OutputArtifact, UniqueName(CamelCase(kfpName), taken), kfpName,
                ArtifactTypeName(title), null, title, false, null, null, property));
        }
        var returns = new List<ReturnOutputModel>();
        foreach (var entry in Sorted(Get(outputs, "parameters")))
        {
            var kfpName = entry.Key;
            var definition = entry.Value;
            var parameterType = Get(definition, "parameterType") as string ?? "STRING";
            returns.Add(new ReturnOutputModel(kfpName, UniqueName(PascalCase(kfpName), properties), ParameterTypeName(parameterType), parameterType, kfpName));
        }

        var methodName = PascalCase(name);
        return new ComponentModel(
            Namespace: ns,
            TasksClassName: className + "Tasks",
            TasksClassIsPublic: isPublic,
            IsPublic: isPublic,
            ContainingType: "",
            MethodName: methodName,
            MethodReference: "",
            MethodDisplay: source,
            KfpName: name,
            Description: Get(spec, "description") as string,
            Parameters: new EquatableArray<ComponentParameterModel>(parameters),
            IsAwaitable: false,
            ReturnOutputs: new EquatableArray<ReturnOutputModel>(returns),
            // A lone output parameter, whatever its name, gets the task.Output shortcut, as a C# return value
            // does (named "Output" or by [return: Output("scalar")]). Output artifacts do not count, as in C#.
            ReturnsTuple: returns.Count != 1,
            SpecJson: MiniJson.Write(spec));
    }

    private static object? Get(object? node, string key) =>
        node is Dictionary<string, object?> obj && obj.TryGetValue(key, out var value) ? value : null;

    private static IEnumerable<KeyValuePair<string, Dictionary<string, object?>>> Sorted(object? node) =>
        node is Dictionary<string, object?> obj
            ? obj.Where(static p => p.Value is Dictionary<string, object?>)
                .OrderBy(static p => p.Key, StringComparer.Ordinal)
                .Select(static p => new KeyValuePair<string, Dictionary<string, object?>>(p.Key, (Dictionary<string, object?>)p.Value!))
            : Enumerable.Empty<KeyValuePair<string, Dictionary<string, object?>>>();

    private static string SchemaTitle(Dictionary<string, object?> definition) =>
        Get(Get(definition, "artifactType"), "schemaTitle") as string ?? "system.Artifact";

    private static string ParameterTypeName(string parameterType)
    {
        switch (parameterType)
        {
            case "NUMBER_INTEGER": return "int";
            case "NUMBER_DOUBLE": return "double";
            case "BOOLEAN": return "bool";
            case "LIST": return "global::System.Text.Json.Nodes.JsonArray";
            case "STRUCT": return "global::System.Text.Json.Nodes.JsonObject";
            default: return "string";
        }
    }

    private static string ArtifactTypeName(string schemaTitle)
    {
        switch (schemaTitle)
        {
            case "system.Dataset": return "global::Pipelines.Dataset";
            case "system.Model": return "global::Pipelines.Model";
            case "system.Metrics": return "global::Pipelines.Metrics";
            case "system.ClassificationMetrics": return "global::Pipelines.ClassificationMetrics";
            case "system.SlicedClassificationMetrics": return "global::Pipelines.SlicedClassificationMetrics";
            case "system.HTML": return "global::Pipelines.HTML";
            case "system.Markdown": return "global::Pipelines.Markdown";
            default: return "global::Pipelines.Artifact";
        }
    }

    /// <summary><c>train-model</c>, <c>train_model</c> → <c>TrainModel</c>; a leading digit gets '_'.</summary>
    public static string PascalCase(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upper = true;
        foreach (var ch in name)
        {
            if (!char.IsLetterOrDigit(ch)) { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
            upper = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary><c>fill_value</c> → <c>fillValue</c>, escaped when it is a keyword.</summary>
    public static string CamelCase(string name)
    {
        var pascal = PascalCase(name);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return Identifiers.Escape(camel);
    }

    private static string UniqueName(string preferred, List<string> taken)
    {
        var name = Identifiers.Unique(preferred, taken);
        taken.Add(name);
        return name;
    }
}
