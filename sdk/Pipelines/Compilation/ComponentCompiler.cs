using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// Compiles one component to KFP's "compiled component" form: a complete PipelineSpec whose root
/// DAG runs the component once and passes every input and output through. This is what KFP's
/// <c>load_component_from_file</c> reads as a container component.
/// </summary>
internal static class ComponentCompiler
{
    public static JsonObject Compile(ComponentInfo component, ExecutorTarget target)
    {
        var name = component.Name;
        var parameters = new JsonObject();
        foreach (var (input, definition) in component.InputParameters)
        {
            // KFP's driver fills a TaskConfig input from the task's settings: nothing to forward.
            if (definition?["parameterType"]?.GetValue<string>() == KfpParameterType.TaskConfig) continue;
            parameters[input] = new JsonObject { ["componentInputParameter"] = input };
        }
        var artifacts = new JsonObject();
        foreach (var (input, _) in component.InputArtifacts)
            artifacts[input] = new JsonObject { ["componentInputArtifact"] = input };

        var task = new JsonObject
        {
            ["cachingOptions"] = IrParts.CachingOptions(true),
            ["componentRef"] = new JsonObject { ["name"] = IrParts.ComponentKey(name) },
            ["taskInfo"] = new JsonObject { ["name"] = name },
        };
        var inputs = new JsonObject();
        if (artifacts.Count > 0) inputs["artifacts"] = artifacts;
        if (parameters.Count > 0) inputs["parameters"] = parameters;
        if (inputs.Count > 0) task["inputs"] = inputs;

        var dag = new JsonObject { ["tasks"] = new JsonObject { [name] = task } };
        var outputs = new JsonObject();
        var outputArtifacts = new JsonObject();
        foreach (var (output, _) in component.OutputArtifacts)
        {
            outputArtifacts[output] = new JsonObject
            {
                ["artifactSelectors"] = new JsonArray(new JsonObject { ["outputArtifactKey"] = output, ["producerSubtask"] = name }),
            };
        }

        var outputParameters = new JsonObject();
        foreach (var (output, _) in component.OutputParameters)
        {
            outputParameters[output] = new JsonObject
            {
                ["valueFromParameter"] = new JsonObject { ["outputParameterKey"] = output, ["producerSubtask"] = name },
            };
        }

        if (outputArtifacts.Count > 0) outputs["artifacts"] = outputArtifacts;
        if (outputParameters.Count > 0) outputs["parameters"] = outputParameters;
        if (outputs.Count > 0) dag["outputs"] = outputs;

        var root = new JsonObject { ["dag"] = dag };
        if (component.InputDefinitions.Count > 0) root["inputDefinitions"] = component.InputDefinitions.DeepClone();
        if (component.OutputDefinitions.Count > 0) root["outputDefinitions"] = component.OutputDefinitions.DeepClone();

        var info = new JsonObject { ["name"] = name };
        if (component.Description is { Length: > 0 } d) info["description"] = d;

        return new JsonObject
        {
            ["components"] = new JsonObject { [IrParts.ComponentKey(name)] = component.ToKfpSpec(IrParts.ExecutorKey(name)) },
            ["deploymentSpec"] = new JsonObject
            {
                ["executors"] = new JsonObject { [IrParts.ExecutorKey(name)] = IrParts.ContainerExecutor(target, name) },
            },
            ["pipelineInfo"] = info,
            ["root"] = root,
            ["schemaVersion"] = IrParts.SchemaVersion,
            ["sdkVersion"] = IrParts.SdkVersion,
        };
    }
}
