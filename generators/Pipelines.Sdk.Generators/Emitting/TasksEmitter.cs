using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Emits <c>&lt;Class&gt;Tasks</c>: per component a <c>ComponentInfo</c>, a typed task factory
/// for pipeline bodies, the task class and its typed outputs (layout: <see cref="TaskTypesWriter"/>).
/// </summary>
internal static class TasksEmitter
{
    private const string ComponentInfoType = "global::Pipelines.ComponentInfo";

    public static string Emit(TasksClassModel model, EmitFailures failures) =>
        TaskTypesWriter.WriteTasksClass(model.Namespace, (model.IsPublic ? "public" : "internal") + " static partial class " + model.ClassName,
            model.Components, static (writer, component) => TaskTypesWriter.WriteMember(writer, Member(component)), failures, EmitFailures.Subject);

    private static TaskMember Member(ComponentModel component)
    {
        var kfpName = TaskTypesWriter.Xml(component.KfpName);
        var inputs = component.Parameters
            .Where(static p => p.Role != ComponentParameterRole.OutputArtifact && p.Role != ComponentParameterRole.OutputParameter &&
                p.Role != ComponentParameterRole.TaskFinalStatus && p.Role != ComponentParameterRole.TaskConfig)
            .Select(static p => new TaskFactoryInput(p.Name, FactoryParameterType(p), p.IsOptional, p.KfpName,
                IsArtifact: p.Role == ComponentParameterRole.InputArtifact || p.Role == ComponentParameterRole.InputArtifactList))
            .ToList();
        // Output artifacts first, then OutputParameter<T> parameters, then returned values (the order the properties have
        // always had, with the newer kind in between).
        var outputs = component.Parameters
            .Where(static p => p.Role == ComponentParameterRole.OutputArtifact)
            .Select(static p => TaskOutputProperty.Artifact(p.PropertyName, p.TypeName, p.KfpName))
            .Concat(component.Parameters
                .Where(static p => p.Role == ComponentParameterRole.OutputParameter)
                .Select(static p => TaskOutputProperty.Parameter(p.PropertyName, p.TypeName, p.KfpName)))
            .Concat(component.ReturnOutputs.Select(ReturnProperty))
            .ToList();

        return new TaskMember(
            Access: component.IsPublic ? "public" : "internal",
            MethodName: component.MethodName,
            SpecSummary: $"The spec of component <c>{kfpName}</c> (<c>{TaskTypesWriter.Xml(component.MethodDisplay)}</c>).",
            SpecType: ComponentInfoType,
            SpecField: component.MethodName + "Component",
            SpecInitializer: $"{ComponentInfoType}.Parse({SymbolDisplay.FormatLiteral(component.SpecJson ?? ComponentJson.Write(component), quote: true)})",
            FactorySummary: "Adds a task running component <c>" + kfpName + "</c> to the pipeline being traced" +
                (component.Description is { Length: > 0 } description ? ": " + TaskTypesWriter.Xml(description) : "."),
            AddMethod: "AddTask",
            Inputs: inputs,
            SignatureOrder: inputs.Where(static p => !p.IsOptional).Concat(inputs.Where(static p => p.IsOptional)),
            TaskSummary: $"A task of component <c>{kfpName}</c>; <see cref=\"Outputs\"/> holds its typed outputs.",
            Shortcut: Shortcut(component),
            OutputsSummary: $"The typed outputs of a task of component <c>{kfpName}</c>, to pass to later tasks.",
            Outputs: outputs,
            Obsolete: component.Obsolete);
    }

    private static string FactoryParameterType(ComponentParameterModel parameter)
    {
        var type = parameter.Role == ComponentParameterRole.InputArtifact
            ? TaskTypesWriter.ArtifactRefType(parameter.TypeName)
            : parameter.Role == ComponentParameterRole.InputArtifactList
                ? TaskTypesWriter.ArtifactListRefType(parameter.TypeName)
                : TaskTypesWriter.ValueType(parameter.TypeName);
        return parameter.IsOptional ? type + "?" : type;
    }

    /// <summary>
    /// <c>task.Output</c>: the component's single output parameter, however it is declared and whatever its name
    /// (a single return value, or the one <c>OutputParameter&lt;T&gt;</c> of a method that returns nothing), as for
    /// imported KFP components with one output parameter. Output artifacts do not count.
    /// </summary>
    private static TaskOutputProperty? Shortcut(ComponentModel component)
    {
        if (component.ReturnsTuple) return null;
        if (component.ReturnOutputs.Count == 1) return ReturnProperty(component.ReturnOutputs[0]);
        if (component.ReturnOutputs.Count > 0) return null;
        var outputParameters = component.Parameters.Where(static p => p.Role == ComponentParameterRole.OutputParameter).ToList();
        return outputParameters.Count == 1
            ? TaskOutputProperty.Parameter(outputParameters[0].PropertyName, outputParameters[0].TypeName, outputParameters[0].KfpName)
            : null;
    }

    private static TaskOutputProperty ReturnProperty(ReturnOutputModel output) =>
        TaskOutputProperty.Parameter(output.PropertyName, output.TypeName, output.KfpName);
}
