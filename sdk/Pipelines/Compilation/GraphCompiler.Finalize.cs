using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Finalizing: task specs into their DAGs, and each group's DAG component.</summary>
internal sealed partial class GraphCompiler
{
    private void FinalizeChildren(PipelineGroup group)
    {
        foreach (var child in group.Children)
        {
            if (child is PipelineTask task)
            {
                AddToDag(group, task.Name, FinalizeTask(task));
            }
            else if (child is PipelineGroup g)
            {
                FinalizeChildren(g);
                FinalizeGroup(g);
            }
        }
    }

    private void AddToDag(PipelineGroup dag, string key, JsonObject spec)
    {
        var tasks = _groups[dag].Tasks;
        if (tasks.ContainsKey(key))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidName,
                $"pipeline '{PipelineName}': two tasks of {dag.Name} are both named '{key}' (a component named like a group); rename the component");
        }

        tasks[key] = spec;
    }

    private JsonObject FinalizeTask(PipelineTask task)
    {
        var state = _tasks[task];
        var settings = task.Settings;
        var finalStatusInputs = task.Component.InputParameters
            .Where(p => p.Value?["parameterType"]?.GetValue<string>() == KfpParameterType.TaskFinalStatus)
            .Select(p => p.Key).ToList();

        string? strategy = null;
        if (task.ExitHandlerOf is { } exitHandler)
        {
            if (state.Dependencies.Count > 0)
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidExitTask,
                    $"pipeline '{PipelineName}': exit task '{task.Name}' of {exitHandler.Name} depends on {string.Join(", ", state.Dependencies.Select(d => $"'{d}'"))}; " +
                    "an exit task may take pipeline parameters and constants only", task.DefinedAt);
            }

            state.Dependencies.Add(exitHandler.Name);
            strategy = "ALL_UPSTREAM_TASKS_COMPLETED";
        }
        else if (settings.IgnoreUpstreamFailure)
        {
            strategy = "ALL_UPSTREAM_TASKS_COMPLETED";
            foreach (var (input, source) in task.Parameters.Concat(task.Artifacts))
            {
                var definition = task.Component.InputParameter(input) ?? task.Component.InputArtifact(input);
                if (source is TaskOutputSource or CollectedSource or OneOfSource && ComponentInfo.IsRequired(definition))
                {
                    throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                        $"pipeline '{PipelineName}': task '{task.Name}' ignores upstream failure, but its required input '{input}' comes from {SourceText.Describe(source)}, " +
                        "which a failed task does not produce; give the component parameter a default", task.DefinedAt);
                }
            }
            if (finalStatusInputs.Count > 0 && state.Dependencies.Count != 1)
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidFinalStatus,
                    $"pipeline '{PipelineName}': task '{task.Name}' takes a PipelineTaskFinalStatus, so it must wait for exactly one upstream task, not {state.Dependencies.Count}", task.DefinedAt);
            }
        }
        else if (finalStatusInputs.Count > 0)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidFinalStatus,
                $"pipeline '{PipelineName}': task '{task.Name}' takes a PipelineTaskFinalStatus ('{finalStatusInputs[0]}'), which only an ExitHandler's exit task " +
                "(or a task that ignores upstream failure and has one upstream task) receives", task.DefinedAt);
        }
        foreach (var input in finalStatusInputs)
            state.Parameters[input] = new JsonObject { ["taskFinalStatus"] = new JsonObject { ["producerTask"] = state.Dependencies.First() } };

        var spec = new JsonObject
        {
            ["cachingOptions"] = IrParts.CachingOptions(settings.EnableCache, settings.CacheKey),
            ["componentRef"] = new JsonObject { ["name"] = state.ComponentKey },
        };
        if (state.Dependencies.Count > 0) spec["dependentTasks"] = new JsonArray(state.Dependencies.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        var inputs = Inputs(state.Parameters, state.Artifacts);
        if (inputs is not null) spec["inputs"] = inputs;
        if (settings.Retry is { } retry) spec["retryPolicy"] = IrParts.RetryPolicy(retry);
        spec["taskInfo"] = new JsonObject { ["name"] = settings.DisplayName ?? task.Name };
        if (strategy is not null) spec["triggerPolicy"] = new JsonObject { ["strategy"] = strategy };
        return spec;
    }

    private void FinalizeGroup(PipelineGroup group)
    {
        var state = _groups[group];
        if (state.Tasks.Count == 0)
        {
            throw new PipelineDefinitionException(group is LoopGroup ? PipelineErrors.InvalidLoop : group is ExitHandlerGroup ? PipelineErrors.InvalidExitTask : PipelineErrors.InvalidBranches,
                $"pipeline '{PipelineName}': {group.Construct} '{group.Name}' creates no task", group.DefinedAt);
        }

        var parameters = new JsonObject();
        var artifacts = new JsonObject();
        foreach (var (name, input) in state.Inputs)
            if (input.SpecInParent is { } spec) (input.IsArtifact ? artifacts : parameters)[name] = spec.DeepClone();

        var task = new JsonObject { ["componentRef"] = new JsonObject { ["name"] = state.ComponentKey } };
        if (state.Dependencies.Count > 0) task["dependentTasks"] = new JsonArray(state.Dependencies.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        if (Inputs(parameters, artifacts) is { } inputs) task["inputs"] = inputs;
        if (state.Iterator is { } iterator)
        {
            task["parameterIterator"] = iterator;
            if (group is LoopGroup { Parallelism: > 0 } loop) task["iteratorPolicy"] = new JsonObject { ["parallelismLimit"] = loop.Parallelism };
        }
        task["taskInfo"] = new JsonObject { ["name"] = group.DisplayName ?? group.Name };
        if (state.Condition is { } condition) task["triggerPolicy"] = new JsonObject { ["condition"] = condition };
        AddToDag(group.Parent!, group.Name, task);

        var component = new JsonObject();
        var outputs = new JsonObject();
        var outputParameters = new JsonObject();
        var outputArtifacts = new JsonObject();
        var outputDefinitionParameters = new JsonObject();
        var outputDefinitionArtifacts = new JsonObject();
        foreach (var (key, output) in state.Outputs)
        {
            (output.IsArtifact ? outputArtifacts : outputParameters)[key] = output.Selector.DeepClone();
            (output.IsArtifact ? outputDefinitionArtifacts : outputDefinitionParameters)[key] = output.Definition.DeepClone();
        }
        if (outputArtifacts.Count > 0) outputs["artifacts"] = outputArtifacts;
        if (outputParameters.Count > 0) outputs["parameters"] = outputParameters;
        component["dag"] = Dag(state, outputs);

        var inputDefinitions = new JsonObject();
        var inputDefinitionParameters = new JsonObject();
        var inputDefinitionArtifacts = new JsonObject();
        foreach (var (name, input) in state.Inputs)
            (input.IsArtifact ? inputDefinitionArtifacts : inputDefinitionParameters)[name] = input.Definition.DeepClone();
        if (inputDefinitionArtifacts.Count > 0) inputDefinitions["artifacts"] = inputDefinitionArtifacts;
        if (inputDefinitionParameters.Count > 0) inputDefinitions["parameters"] = inputDefinitionParameters;
        if (inputDefinitions.Count > 0) component["inputDefinitions"] = inputDefinitions;

        var outputDefinitions = new JsonObject();
        if (outputDefinitionArtifacts.Count > 0) outputDefinitions["artifacts"] = outputDefinitionArtifacts;
        if (outputDefinitionParameters.Count > 0) outputDefinitions["parameters"] = outputDefinitionParameters;
        if (outputDefinitions.Count > 0) component["outputDefinitions"] = outputDefinitions;
        _context.Components[state.ComponentKey!] = component;
    }

    private static JsonObject Dag(GroupState state, JsonObject outputs)
    {
        var dag = new JsonObject();
        if (outputs.Count > 0) dag["outputs"] = outputs;
        dag["tasks"] = state.Tasks;
        return dag;
    }

    private static JsonObject? Inputs(JsonObject parameters, JsonObject artifacts)
    {
        var inputs = new JsonObject();
        if (artifacts.Count > 0) inputs["artifacts"] = artifacts;
        if (parameters.Count > 0) inputs["parameters"] = parameters;
        return inputs.Count > 0 ? inputs : null;
    }

    private static string KindText(TaskKind kind) => kind switch
    {
        TaskKind.Pipeline => "a nested pipeline",
        TaskKind.Importer => "an importer",
        TaskKind.Stub => "a PVC",
        _ => "a container",
    };
}
