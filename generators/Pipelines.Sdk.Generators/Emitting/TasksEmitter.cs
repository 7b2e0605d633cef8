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
        private const string PipelineTaskType = "global::Pipelines.PipelineTask";

        public static string Emit(TasksClassModel model)
        {
            var writer = SourceWriter.WithHeader();
            bool hasNamespace = model.Namespace.Length > 0;
            if (hasNamespace) writer.OpenBlock("namespace " + model.Namespace);

            writer.OpenBlock((model.IsPublic ? "public" : "internal") + " static partial class " + model.ClassName);
            bool first = true;
            foreach (ComponentModel component in model.Components)
            {
                if (!first) writer.WriteLine();
                first = false;
                WriteComponent(writer, component);
            }
            writer.CloseBlock();

            if (hasNamespace) writer.CloseBlock();
            return writer.ToString();
        }

        private static void WriteComponent(SourceWriter writer, ComponentModel component)
        {
            string access = component.IsPublic ? "public" : "internal";
            string name = component.MethodName;
            string taskClass = name + "Task";
            string outputsClass = name + "Outputs";
            string infoField = name + "Component";

            writer.WriteLine($"/// <summary>The spec of component <c>{Xml(component.KfpName)}</c> (<c>{Xml(component.MethodDisplay)}</c>).</summary>");
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
            var inputs = component.Parameters.Where(static p => p.Role != ComponentParameterRole.OutputArtifact && p.Role != ComponentParameterRole.TaskFinalStatus).ToList();
            var ordered = inputs.Where(static p => !p.IsOptional).Concat(inputs.Where(static p => p.IsOptional));
            var signature = ordered.Select(static p => FactoryParameterType(p) + " " + p.Name + (p.IsOptional ? " = null" : ""));
            string local = Identifiers.Unique("task", inputs.Select(static p => p.Name).ToList());

            string summary = "Adds a task running component <c>" + Xml(component.KfpName) + "</c> to the pipeline being traced" +
                (component.Description is { Length: > 0 } description ? ": " + Xml(description) : ".");
            writer.WriteLine("/// <summary>" + summary + "</summary>");
            writer.OpenBlock($"{access} static {taskClass} {Identifiers.Escape(component.MethodName)}({string.Join(", ", signature)})");
            writer.WriteLine($"var {local} = global::Pipelines.PipelineBuilder.Current.AddTask(new {taskClass}(), {infoField});");
            foreach (ComponentParameterModel input in inputs)
            {
                string bind = input.Role == ComponentParameterRole.InputArtifact || input.Role == ComponentParameterRole.InputArtifactList ? "BindArtifact" : "BindParameter";
                writer.WriteLine($"{local}.{bind}({SymbolDisplay.FormatLiteral(input.KfpName, quote: true)}, {input.Name});");
            }
            writer.WriteLine($"return {local};");
            writer.CloseBlock();
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
            writer.WriteLine($"/// <summary>A task of component <c>{Xml(component.KfpName)}</c>; <see cref=\"Outputs\"/> holds its typed outputs.</summary>");
            writer.OpenBlock($"{access} sealed class {taskClass} : {PipelineTaskType}");
            writer.OpenBlock($"public {taskClass}()");
            writer.WriteLine($"Outputs = new {outputsClass}(this);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"public {outputsClass} Outputs {{ get; }}");
            if (!component.ReturnsTuple && component.ReturnOutputs.Count == 1)
            {
                ReturnOutputModel output = component.ReturnOutputs[0];
                writer.WriteLine();
                writer.WriteLine($"public global::Pipelines.Value<{output.TypeName}> {output.PropertyName} => Outputs.{output.PropertyName};");
            }
            writer.CloseBlock();
        }

        private static void WriteOutputsClass(SourceWriter writer, ComponentModel component, string access, string outputsClass)
        {
            var outputArtifacts = component.Parameters.Where(static p => p.Role == ComponentParameterRole.OutputArtifact).ToList();
            var propertyNames = outputArtifacts.Select(static p => p.PropertyName).Concat(component.ReturnOutputs.Select(static o => o.PropertyName)).ToList();
            string field = Identifiers.Unique("_task", propertyNames);

            writer.WriteLine($"/// <summary>The typed outputs of a task of component <c>{Xml(component.KfpName)}</c>, to pass to later tasks.</summary>");
            writer.OpenBlock($"{access} sealed class {outputsClass}");
            writer.WriteLine($"private readonly {PipelineTaskType} {field};");
            writer.WriteLine();
            writer.OpenBlock($"internal {outputsClass}({PipelineTaskType} task)");
            writer.WriteLine($"{field} = task;");
            writer.CloseBlock();
            if (propertyNames.Count > 0) writer.WriteLine();
            foreach (ComponentParameterModel artifact in outputArtifacts)
            {
                writer.WriteLine($"public global::Pipelines.ArtifactRef<{artifact.TypeName}> {Identifiers.Escape(artifact.PropertyName)} => " +
                    $"{field}.ArtifactOutput<{artifact.TypeName}>({SymbolDisplay.FormatLiteral(artifact.KfpName, quote: true)});");
            }
            foreach (ReturnOutputModel output in component.ReturnOutputs)
            {
                writer.WriteLine($"public global::Pipelines.Value<{output.TypeName}> {Identifiers.Escape(output.PropertyName)} => " +
                    $"{field}.ParameterOutput<{output.TypeName}>({SymbolDisplay.FormatLiteral(output.KfpName, quote: true)});");
            }
            writer.CloseBlock();
        }

        /// <summary>Text for a one-line XML doc comment.</summary>
        private static string Xml(string text) =>
            text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ')
                .Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');
    }
}
