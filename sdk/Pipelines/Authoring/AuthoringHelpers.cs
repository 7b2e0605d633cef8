using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Pipelines;

/// <summary>Where in the user's <c>[Pipeline]</c> body a call was made, for error messages.</summary>
internal static class SourceLocation
{
    private static readonly Assembly Self = typeof(SourceLocation).Assembly;

    /// <summary><c>path/File.cs:42</c> of the first frame outside this library and outside generated
    /// code (<c>*.g.cs</c> files, types marked <c>[GeneratedCode]</c>), or null without debug symbols.</summary>
    public static string? Capture()
    {
        try
        {
            foreach (var frame in new StackTrace(1, fNeedFileInfo: true).GetFrames())
            {
                var type = frame.GetMethod()?.DeclaringType;
                if (type?.Assembly == Self || IsGenerated(type)) continue;
                var file = frame.GetFileName();
                if (string.IsNullOrEmpty(file) || file.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)) continue;
                var line = frame.GetFileLineNumber();
                return line > 0 ? $"{file}:{line}" : file;
            }
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            // Stack traces without symbols: no location, the message still names pipeline and task.
        }
        return null;
    }

    private static bool IsGenerated(Type? type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
            if (t.IsDefined(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), inherit: false)) return true;
        return false;
    }
}

/// <summary>The JSON name of the field a loop-item selector picks.</summary>
internal static partial class FieldNames
{
    public static string Of(LambdaExpression selector)
    {
        var body = selector.Body;
        if (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert) body = convert.Operand;
        var name = body switch
        {
            MemberExpression { Expression: ParameterExpression } member => JsonName(member.Member),
            MethodCallExpression { Method.Name: "get_Item", Object: ParameterExpression, Arguments: [ConstantExpression { Value: string key }] } => key,
            _ => null,
        };
        if (name is null)
        {
            throw new ArgumentException(
                $"'{selector}' does not select one field of the loop item: write item.Field(x => x.Name) for a record or item.Field(d => d[\"key\"]) for a dictionary.",
                nameof(selector));
        }

        if (!SubvarName().IsMatch(name))
            throw new ArgumentException($"Field '{name}' cannot be selected by KFP: a field name must match ^[A-Za-z_][A-Za-z0-9_]*$.", nameof(selector));
        return name;
    }

    private static string JsonName(MemberInfo member) =>
        member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? KfpJson.Options.PropertyNamingPolicy?.ConvertName(member.Name)
        ?? member.Name;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SubvarName();
}

/// <summary>The KFP type of a value as a consumer sees it (the definition a hole-punched input or a DAG output declares).</summary>
internal static class GraphTypes
{
    /// <summary><c>{parameterType}</c> of a parameter channel; null for a task output that does not exist (callers report it).</summary>
    public static JsonObject? ParameterDefinition(PipelineGraph graph, ValueSource source) => source switch
    {
        PipelineInputSource p => TypeOf(graph.InputDefinitions["parameters"]?[p.Name]),
        TaskOutputSource t => TypeOf(t.Task.Component.OutputParameter(t.Key)),
        LoopItemSource l => KfpTypes.Parameter(l.Loop.ItemParameterType),
        LoopItemFieldSource f => KfpTypes.Parameter(f.ParameterType),
        CollectedSource => KfpTypes.Parameter(KfpParameterType.List),
        OneOfSource o => ParameterDefinition(graph, o.Values[0]),
        _ => null,
    };

    private static JsonObject? PipelineArtifact(PipelineGraph graph, string name) =>
        (graph.InputDefinitions["artifacts"] as JsonObject)?[name] as JsonObject;

    private static JsonObject? TypeOf(JsonNode? definition) =>
        definition?["parameterType"] is JsonValue type ? KfpTypes.Parameter(type.GetValue<string>()) : null;

    /// <summary><c>{artifactType[, isArtifactList]}</c> of an artifact channel; null when unknown.</summary>
    public static JsonObject? ArtifactDefinition(PipelineGraph graph, ValueSource source)
    {
        switch (source)
        {
            case PipelineInputSource p when PipelineArtifact(graph, p.Name) is { } input:
                var copy = new JsonObject { ["artifactType"] = input["artifactType"]?.DeepClone() };
                if (input["isArtifactList"] is JsonValue list && list.GetValue<bool>()) copy["isArtifactList"] = true;
                return copy;
            case TaskOutputSource t when t.Task.Component.OutputArtifact(t.Key) is JsonObject output:
                var definition = new JsonObject { ["artifactType"] = output["artifactType"]?.DeepClone() };
                if (output["isArtifactList"] is JsonValue l && l.GetValue<bool>()) definition["isArtifactList"] = true;
                return definition;
            case CollectedSource c when ArtifactDefinition(graph, c.Inner) is { } inner:
                inner["isArtifactList"] = true;
                return inner;
            case OneOfSource o:
                return ArtifactDefinition(graph, o.Values[0]);
            default:
                return null;
        }
    }

    /// <summary>The <c>outputDefinitions</c> entry of a pipeline output; it must come from a task.</summary>
    public static JsonObject OutputDefinition(PipelineGraph graph, PipelineOutput output)
    {
        if (output.Source is not (TaskOutputSource or CollectedSource or OneOfSource))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput,
                $"output '{output.Name}' of pipeline '{graph.Pipeline.Name}' is {SourceText.Describe(output.Source)}: a pipeline output must be a task output", output.DefinedAt);
        }

        var definition = output.IsArtifact ? ArtifactDefinition(graph, output.Source) : ParameterDefinition(graph, output.Source);
        return definition ?? throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput,
            $"output '{output.Name}' of pipeline '{graph.Pipeline.Name}' refers to {SourceText.Describe(output.Source)}, which is not an output {(output.IsArtifact ? "artifact" : "parameter")}", output.DefinedAt);
    }
}
