using System.Text.Json.Nodes;
using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>Compiling test pipelines and reading the IR: every compile is checked by the strict
/// validator (both documents), so each test also proves the output is valid KFP IR.</summary>
internal static class Ir
{
    public const string NoInputs = "{}";

    public static CompiledPipeline CompileAll(string name, Action<PipelineBuilder> define, string inputDefinitions = NoInputs)
    {
        var compiled = PipelineCompiler.CompileWithPlatform(new PipelineRegistration(name, null, null, inputDefinitions, define), TestRegistrations.Executors);
        string Dump() => compiled.PipelineSpec.ToJsonString(new() { WriteIndented = true }) +
            (compiled.PlatformSpec is { } p ? "\n---\n" + p.ToJsonString(new() { WriteIndented = true }) : "");
        var errors = KfpIrValidator.Validate(compiled.PipelineSpec);
        Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n{Dump()}");
        if (compiled.PlatformSpec is { } platform)
        {
            var platformErrors = KfpIrValidator.ValidatePlatform(platform, compiled.PipelineSpec);
            Assert.IsEmpty(platformErrors, $"{string.Join("\n", platformErrors)}\n{Dump()}");
        }
        return compiled;
    }

    public static JsonObject Compile(string name, Action<PipelineBuilder> define, string inputDefinitions = NoInputs) =>
        CompileAll(name, define, inputDefinitions).PipelineSpec;

    public static PipelineDefinitionException Fails(string name, Action<PipelineBuilder> define, string inputDefinitions = NoInputs) =>
        Assert.ThrowsExactly<PipelineDefinitionException>(() =>
            PipelineCompiler.CompileWithPlatform(new PipelineRegistration(name, null, null, inputDefinitions, define), TestRegistrations.Executors));

    /// <summary>The root DAG's tasks.</summary>
    public static JsonObject Root(JsonObject spec) => spec["root"]!["dag"]!["tasks"]!.AsObject();

    public static JsonObject Component(JsonObject spec, string key) =>
        spec["components"]?[key]?.AsObject() ?? throw new AssertFailedException($"no component '{key}' in {string.Join(", ", Keys(spec["components"]))}");

    /// <summary>The tasks of a DAG component (<c>comp-condition-1</c>).</summary>
    public static JsonObject Tasks(JsonObject spec, string componentKey) => Component(spec, componentKey)["dag"]!["tasks"]!.AsObject();

    public static JsonObject Task(JsonObject tasks, string key) =>
        tasks[key]?.AsObject() ?? throw new AssertFailedException($"no task '{key}' in {string.Join(", ", Keys(tasks))}");

    public static List<string> Keys(JsonNode? node) => node is null ? [] : [.. node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    public static string Condition(JsonObject task) => task["triggerPolicy"]!["condition"]!.GetValue<string>();

    public static string Dump(JsonNode node) => node.ToJsonString(new() { WriteIndented = true });
}
