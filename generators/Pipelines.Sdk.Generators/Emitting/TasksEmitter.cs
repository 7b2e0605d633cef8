using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// Emits <c>&lt;Class&gt;Tasks</c>: per component a <c>ComponentInfo</c>, a typed task factory
    /// for pipeline bodies, the task class and its typed outputs.
    /// </summary>
    internal static class TasksEmitter
    {
        private const string ComponentInfoType = "global::Pipelines.ComponentInfo";

        public static string Emit(TasksClassModel model, EmitFailures failures) =>
            TaskTypesWriter.WriteTasksClass(model.Namespace, (model.IsPublic ? "public" : "internal") + " static partial class " + model.ClassName,
                model.Components, WriteComponent, failures, EmitFailures.Subject);

        private static void WriteComponent(SourceWriter writer, ComponentModel component)
        {
            string access = component.IsPublic ? "public" : "internal";
            string name = component.MethodName;
            string taskClass = name + "Task";
            string outputsClass = name + "Outputs";
            string infoField = name + "Component";

            writer.WriteLine($"/// <summary>The spec of component <c>{TaskTypesWriter.Xml(component.KfpName)}</c> (<c>{TaskTypesWriter.Xml(component.MethodDisplay)}</c>).</summary>");
            writer.WriteLine($"{access} static readonly {ComponentInfoType} {infoField} = {ComponentInfoType}.Parse({SymbolDisplay.FormatLiteral(component.SpecJson ?? ComponentJson.Write(component), quote: true)});");
            writer.WriteLine();
            WriteFactory(writer, component, access, taskClass, infoField);
            writer.WriteLine();
            WriteTaskClass(writer, component, access, taskClass, outputsClass);
            writer.WriteLine();
            WriteOutputsClass(writer, component, access, outputsClass);
        }

        private static void WriteFactory(SourceWriter writer, ComponentModel component, string access, string taskClass, string infoField)
        {
            var inputs = component.Parameters
                .Where(static p => p.Role != ComponentParameterRole.OutputArtifact && p.Role != ComponentParameterRole.TaskFinalStatus)
                .Select(static p => new TaskFactoryInput(p.Name, FactoryParameterType(p), p.IsOptional, p.KfpName,
                    IsArtifact: p.Role == ComponentParameterRole.InputArtifact || p.Role == ComponentParameterRole.InputArtifactList))
                .ToList();
            var ordered = inputs.Where(static p => !p.IsOptional).Concat(inputs.Where(static p => p.IsOptional));

            string summary = "Adds a task running component <c>" + TaskTypesWriter.Xml(component.KfpName) + "</c> to the pipeline being traced" +
                (component.Description is { Length: > 0 } description ? ": " + TaskTypesWriter.Xml(description) : ".");
            TaskTypesWriter.WriteFactory(writer, summary, access, taskClass, component.MethodName, "AddTask", infoField, inputs, ordered, component.Obsolete);
        }

        private static string FactoryParameterType(ComponentParameterModel parameter)
        {
            string type = parameter.Role == ComponentParameterRole.InputArtifact
                ? "global::Pipelines.ArtifactRef<" + parameter.TypeName + ">"
                : parameter.Role == ComponentParameterRole.InputArtifactList
                    ? "global::Pipelines.ArtifactListRef<" + parameter.TypeName + ">"
                    : "global::Pipelines.Value<" + parameter.TypeName + ">";
            return parameter.IsOptional ? type + "?" : type;
        }

        private static void WriteTaskClass(SourceWriter writer, ComponentModel component, string access, string taskClass, string outputsClass)
        {
            TaskOutputProperty? shortcut = !component.ReturnsTuple && component.ReturnOutputs.Count == 1 ? ReturnProperty(component.ReturnOutputs[0]) : null;
            TaskTypesWriter.WriteTaskClass(writer, $"A task of component <c>{TaskTypesWriter.Xml(component.KfpName)}</c>; <see cref=\"Outputs\"/> holds its typed outputs.",
                access, taskClass, outputsClass, shortcut);
        }

        private static void WriteOutputsClass(SourceWriter writer, ComponentModel component, string access, string outputsClass)
        {
            // Output artifacts first, then returned values: the order the properties have always had.
            List<TaskOutputProperty> outputs = component.Parameters
                .Where(static p => p.Role == ComponentParameterRole.OutputArtifact)
                .Select(static p => new TaskOutputProperty(p.PropertyName, "global::Pipelines.ArtifactRef<" + p.TypeName + ">", "ArtifactOutput<" + p.TypeName + ">", p.KfpName))
                .Concat(component.ReturnOutputs.Select(ReturnProperty))
                .ToList();
            TaskTypesWriter.WriteOutputsClass(writer, $"The typed outputs of a task of component <c>{TaskTypesWriter.Xml(component.KfpName)}</c>, to pass to later tasks.",
                access, outputsClass, outputs);
        }

        private static TaskOutputProperty ReturnProperty(ReturnOutputModel output) =>
            new TaskOutputProperty(output.PropertyName, "global::Pipelines.Value<" + output.TypeName + ">", "ParameterOutput<" + output.TypeName + ">", output.KfpName);
    }
}
