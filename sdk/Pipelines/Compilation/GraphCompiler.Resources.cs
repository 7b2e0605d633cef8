using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Resource settings taken from pipeline values, written as KFP's compiler writes them
/// (test_data pipeline_with_string_machine_fields_*): the executor's resource field holds
/// <c>{{$.inputs.parameters['pipelinechannel--x']}}</c>, the task gets the value as input
/// <c>pipelinechannel--x</c> plus KFP's <c>cpu_limit</c>-style input holding the placeholder text.</summary>
internal sealed partial class GraphCompiler
{
    /// <summary>The text of each resource field set from a value: the placeholder, or a constant's own
    /// text (an accelerator's type or count may be constant while the other is not).</summary>
    private Dictionary<string, string> ResourceTexts(PipelineTask task, string who)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (input, source) in task.Settings.ResourceValues)
        {
            texts[input] = source is ConstantSource { Value: JsonValue constant }
                ? constant.ToString()
                : InputPlaceholder(ChannelName(source, who, task.DefinedAt));
        }

        return texts;
    }

    /// <summary>Adds the task inputs that carry resource values (after the component's own inputs are resolved).</summary>
    private void AddResourceInputs(PipelineTask task, TaskState state, PipelineGroup dag, string who)
    {
        foreach (var (input, source) in task.Settings.ResourceValues)
        {
            if (source is ConstantSource) continue;
            if (task.Component.InputParameters.Any(p => p.Key == input))
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                    $"{who}: component '{task.Component.Name}' has an input named '{input}', the task input KFP uses for a resource setting taken from a pipeline value; rename the input or use a constant", task.DefinedAt);
            }
            // The driver substitutes the placeholder with the input's string value; any other type becomes "".
            if (GraphTypes.ParameterDefinition(_graph, source)?["parameterType"]?.GetValue<string>() is { } type && type != KfpParameterType.String)
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                    $"{who}: resource setting '{input}' comes from {SourceText.Describe(source)}, which KFP types as {type}, not STRING (KFP substitutes only strings into resources)", task.DefinedAt);
            }

            var channel = ChannelName(source, who, task.DefinedAt);
            state.Parameters[channel] = Resolve(source, dag, state.Dependencies, new Use(who, $"resource setting '{input}'", task.DefinedAt), artifact: false);
            state.Parameters[input] = new JsonObject { ["runtimeValue"] = new JsonObject { ["constant"] = InputPlaceholder(channel) } };
        }
    }

    private static string InputPlaceholder(string input) => $"{{{{$.inputs.parameters['{input}']}}}}";

    /// <summary>KFP's pipeline-channel name of a value: <c>pipelinechannel--&lt;param&gt;</c>,
    /// <c>pipelinechannel--&lt;task&gt;-&lt;output&gt;</c>, or the loop's item input.</summary>
    private string ChannelName(ValueSource source, string who, string? location) => source switch
    {
        PipelineInputSource p => $"pipelinechannel--{p.Name}",
        TaskOutputSource t => $"pipelinechannel--{t.Task.Name}-{t.Key}",
        LoopItemSource l => ItemInput(l.Loop),
        LoopItemFieldSource f => $"{ItemInput(f.Loop)}-subvar-{f.Field}",
        _ => throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
            $"{who}: a resource setting takes a constant, a pipeline parameter, a task output or a loop item, not {SourceText.Describe(source)}", location),
    };
}
