using System.Text.Json.Nodes;
using Pipelines.Naming;

namespace Pipelines;

/// <summary>
/// Traces a <c>[Pipeline]</c> method and compiles the recorded tasks to a KFP v2 PipelineSpec
/// (kfp-ir.md §2–§6), mirroring the KFP SDK's conventions: one <c>comp-&lt;task&gt;</c> and
/// <c>exec-&lt;task&gt;</c> per task, producers and <c>After</c> targets in <c>dependentTasks</c>,
/// caching on unless turned off. Anything that would make invalid IR throws
/// <see cref="PipelineDefinitionException"/> naming the task.
/// </summary>
internal static class PipelineCompiler
{
    public static JsonObject Compile(PipelineRegistration pipeline, IReadOnlyDictionary<string, ExecutorTarget> executors)
    {
        if (!KfpNames.PipelineName.IsMatch(pipeline.Name))
            throw new PipelineDefinitionException(PipelineErrors.InvalidName,
                $"'{pipeline.Name}' is not a valid pipeline name: use 1-128 lowercase letters, digits and '-', starting with a letter or digit");

        var builder = PipelineBuilder.Trace(pipeline);
        var rootInputs = pipeline.InputDefinitionsJson;
        var components = new JsonObject();
        var executorSpecs = new JsonObject();
        var tasks = new JsonObject();

        foreach (var task in builder.Tasks)
        {
            if (!executors.TryGetValue(task.Component.Name, out var target))
                throw new PipelineDefinitionException(PipelineErrors.NoExecutor,
                    $"task '{task.Name}': the build supplied no image for component '{task.Component.Name}'");
            components[IrParts.ComponentKey(task.Name)] = task.Component.ToKfpSpec(IrParts.ExecutorKey(task.Name));
            executorSpecs[IrParts.ExecutorKey(task.Name)] = IrParts.ContainerExecutor(target, task.Component.Name, task.Settings);
            tasks[task.Name] = CompileTask(task, builder, rootInputs);
        }

        var info = new JsonObject { ["name"] = pipeline.Name };
        if (pipeline.Description is { Length: > 0 } description) info["description"] = description;
        if (pipeline.DisplayName is { Length: > 0 } displayName) info["displayName"] = displayName;

        var root = new JsonObject { ["dag"] = new JsonObject { ["tasks"] = tasks } };
        if (rootInputs.Count > 0) root["inputDefinitions"] = rootInputs;

        var spec = new JsonObject();
        if (components.Count > 0) spec["components"] = components;
        spec["deploymentSpec"] = new JsonObject { ["executors"] = executorSpecs };
        spec["pipelineInfo"] = info;
        spec["root"] = root;
        spec["schemaVersion"] = IrParts.SchemaVersion;
        spec["sdkVersion"] = IrParts.SdkVersion;
        return spec;
    }

    private static JsonObject CompileTask(PipelineTask task, PipelineBuilder builder, JsonObject rootInputs)
    {
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        var parameters = new JsonObject();
        foreach (var (input, source) in task.Parameters)
            parameters[input] = ParameterInput(task, input, source, builder, rootInputs, dependencies);
        var artifacts = new JsonObject();
        foreach (var (input, source) in task.Artifacts)
            artifacts[input] = ArtifactInput(task, input, source, builder, rootInputs, dependencies);

        foreach (var (input, definition) in task.Component.InputParameters)
            if (ComponentInfo.IsRequired(definition) && !task.Parameters.ContainsKey(input))
                throw new PipelineDefinitionException(PipelineErrors.MissingRequiredInput, $"task '{task.Name}': required input parameter '{input}' is not supplied");
        foreach (var (input, definition) in task.Component.InputArtifacts)
            if (ComponentInfo.IsRequired(definition) && !task.Artifacts.ContainsKey(input))
                throw new PipelineDefinitionException(PipelineErrors.MissingRequiredInput, $"task '{task.Name}': required input artifact '{input}' is not supplied");

        foreach (var upstream in task.Settings.After)
        {
            CheckSameBuilder(task, upstream, builder);
            dependencies.Add(upstream.Name);
        }

        var spec = new JsonObject
        {
            ["cachingOptions"] = IrParts.CachingOptions(task.Settings.EnableCache),
            ["componentRef"] = new JsonObject { ["name"] = IrParts.ComponentKey(task.Name) },
        };
        if (dependencies.Count > 0) spec["dependentTasks"] = new JsonArray(dependencies.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        var inputs = new JsonObject();
        if (artifacts.Count > 0) inputs["artifacts"] = artifacts;
        if (parameters.Count > 0) inputs["parameters"] = parameters;
        if (inputs.Count > 0) spec["inputs"] = inputs;
        if (task.Settings.Retry is { } retry) spec["retryPolicy"] = IrParts.RetryPolicy(retry);
        spec["taskInfo"] = new JsonObject { ["name"] = task.Settings.DisplayName ?? task.Name };
        return spec;
    }

    private static JsonObject ParameterInput(PipelineTask task, string input, ValueSource source, PipelineBuilder builder, JsonObject rootInputs, ISet<string> dependencies)
    {
        switch (source)
        {
            case ConstantSource c:
                return new JsonObject { ["runtimeValue"] = new JsonObject { ["constant"] = c.Value?.DeepClone() } };
            case PipelineInputSource p:
                if (rootInputs["parameters"]?[p.Name] is null)
                    throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"task '{task.Name}': input '{input}' refers to pipeline parameter '{p.Name}', which the pipeline does not declare");
                return new JsonObject { ["componentInputParameter"] = p.Name };
            case TaskOutputSource t:
                CheckSameBuilder(task, t.Task, builder);
                if (t.Task.Component.OutputParameter(t.Key) is null)
                    throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"task '{task.Name}': input '{input}' refers to output parameter '{t.Key}' of task '{t.Task.Name}', which it does not have");
                dependencies.Add(t.Task.Name);
                return new JsonObject
                {
                    ["taskOutputParameter"] = new JsonObject { ["outputParameterKey"] = t.Key, ["producerTask"] = t.Task.Name },
                };
            default:
                throw new InvalidOperationException($"Unknown value source {source}.");
        }
    }

    private static JsonObject ArtifactInput(PipelineTask task, string input, ValueSource source, PipelineBuilder builder, JsonObject rootInputs, ISet<string> dependencies)
    {
        switch (source)
        {
            case PipelineInputSource p:
                if (rootInputs["artifacts"]?[p.Name] is null)
                    throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"task '{task.Name}': input '{input}' refers to pipeline artifact '{p.Name}', which the pipeline does not declare");
                return new JsonObject { ["componentInputArtifact"] = p.Name };
            case TaskOutputSource t:
                CheckSameBuilder(task, t.Task, builder);
                if (t.Task.Component.OutputArtifact(t.Key) is null)
                    throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"task '{task.Name}': input '{input}' refers to output artifact '{t.Key}' of task '{t.Task.Name}', which it does not have");
                dependencies.Add(t.Task.Name);
                return new JsonObject
                {
                    ["taskOutputArtifact"] = new JsonObject { ["outputArtifactKey"] = t.Key, ["producerTask"] = t.Task.Name },
                };
            default:
                throw new InvalidOperationException($"Unknown artifact source {source}.");
        }
    }

    private static void CheckSameBuilder(PipelineTask task, PipelineTask upstream, PipelineBuilder builder)
    {
        if (!builder.Tasks.Contains(upstream))
            throw new PipelineDefinitionException(PipelineErrors.ForeignTask,
                $"task '{task.Name}' uses task '{upstream}', which belongs to another pipeline trace");
    }
}
