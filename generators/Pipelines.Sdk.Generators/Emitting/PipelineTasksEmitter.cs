using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// Emits the pipeline part of <c>&lt;Class&gt;Tasks</c>: per <c>[Pipeline]</c> method its
    /// <c>PipelineRegistration</c> (the one instance the entry point also uses), a typed task factory
    /// that adds the pipeline as a task of the pipeline being traced, the task class and its typed outputs.
    /// </summary>
    internal static class PipelineTasksEmitter
    {
        private const string PipelineTaskType = "global::Pipelines.PipelineTask";
        private const string RegistrationType = "global::Pipelines.PipelineRegistration";

        /// <summary>The field holding a pipeline's registration: <c>global::Ns.ClassTasks.MethodPipeline</c>.</summary>
        public static string RegistrationField(PipelineModel pipeline) =>
            "global::" + (pipeline.Namespace.Length > 0 ? pipeline.Namespace + "." : "") + pipeline.TasksClassName + "." + pipeline.MethodName + "Pipeline";

        public static string Emit(PipelineTasksClassModel model)
        {
            var writer = SourceWriter.WithHeader();
            bool hasNamespace = model.Namespace.Length > 0;
            if (hasNamespace) writer.OpenBlock("namespace " + model.Namespace);

            writer.OpenBlock((model.Accessibility is null ? "" : model.Accessibility + " ") + "static partial class " + model.ClassName);
            bool first = true;
            foreach (PipelineModel pipeline in model.Pipelines)
            {
                if (!first) writer.WriteLine();
                first = false;
                WritePipeline(writer, pipeline);
            }
            writer.CloseBlock();

            if (hasNamespace) writer.CloseBlock();
            return writer.ToString();
        }

        private static void WritePipeline(SourceWriter writer, PipelineModel pipeline)
        {
            string access = pipeline.IsPublic ? "public" : "internal";
            string name = pipeline.MethodName;
            string taskClass = name + "Task";
            string outputsClass = name + "Outputs";
            string registrationField = name + "Pipeline";

            writer.WriteLine($"/// <summary>Pipeline <c>{Xml(pipeline.KfpName)}</c> (<c>{Xml(pipeline.MethodDisplay)}</c>); the entry point registers this instance.</summary>");
            writer.WriteLine($"{access} static readonly {RegistrationType} {registrationField} = {PipelineRegistrationWriter.Expression(pipeline)};");
            writer.WriteLine();
            WriteFactory(writer, pipeline, access, taskClass, registrationField);
            writer.WriteLine();
            WriteTaskClass(writer, pipeline, access, taskClass, outputsClass);
            writer.WriteLine();
            WriteOutputsClass(writer, pipeline, access, outputsClass);
        }

        private static void WriteFactory(SourceWriter writer, PipelineModel pipeline, string access, string taskClass, string registrationField)
        {
            var inputs = pipeline.Parameters.Where(static p => !p.IsBuilder).ToList();
            // Required input artifacts first (as the runtime's docs call them: TrainAndCheck(data, learningRate: 0.1)),
            // then required run parameters, then optional ones (defaulting to null: the pipeline's own default applies).
            var ordered = inputs.Where(static p => !p.IsOptional && p.IsArtifact)
                .Concat(inputs.Where(static p => !p.IsOptional && !p.IsArtifact))
                .Concat(inputs.Where(static p => p.IsOptional));
            var signature = ordered.Select(static p => FactoryParameterType(p) + " " + p.Name + (p.IsOptional ? " = null" : ""));
            string local = Identifiers.Unique("task", inputs.Select(static p => p.Name).ToList());

            string summary = "Adds a task running pipeline <c>" + Xml(pipeline.KfpName) + "</c> (as a nested DAG) to the pipeline being traced" +
                (pipeline.Description is { Length: > 0 } description ? ": " + Xml(description) : ".");
            writer.WriteLine("/// <summary>" + summary + "</summary>");
            writer.OpenBlock($"{access} static {taskClass} {Identifiers.Escape(pipeline.MethodName)}({string.Join(", ", signature)})");
            writer.WriteLine($"var {local} = global::Pipelines.PipelineBuilder.Current.AddPipelineTask(new {taskClass}(), {registrationField});");
            foreach (PipelineParameterModel input in inputs)
            {
                string bind = input.IsArtifact ? "BindArtifact" : "BindParameter";
                writer.WriteLine($"{local}.{bind}({SymbolDisplay.FormatLiteral(input.KfpName, quote: true)}, {input.Name});");
            }
            writer.WriteLine($"return {local};");
            writer.CloseBlock();
        }

        private static string FactoryParameterType(PipelineParameterModel parameter)
        {
            string type = parameter.IsArtifact
                ? "global::Pipelines.ArtifactRef<" + parameter.TypeName + ">"
                : "global::Pipelines.Value<" + parameter.TypeName + ">";
            return parameter.IsOptional ? type + "?" : type;
        }

        private static string OutputType(PipelineOutputModel output) => output.Kind switch
        {
            PipelineOutputKind.Artifact => "global::Pipelines.ArtifactRef<" + output.TypeName + ">",
            PipelineOutputKind.ArtifactList => "global::Pipelines.ArtifactListRef<" + output.TypeName + ">",
            _ => "global::Pipelines.Value<" + output.TypeName + ">",
        };

        private static string OutputAccessor(PipelineOutputModel output) => output.Kind switch
        {
            PipelineOutputKind.Artifact => "ArtifactOutput<" + output.TypeName + ">",
            PipelineOutputKind.ArtifactList => "ArtifactListOutput<" + output.TypeName + ">",
            _ => "ParameterOutput<" + output.TypeName + ">",
        };

        private static void WriteTaskClass(SourceWriter writer, PipelineModel pipeline, string access, string taskClass, string outputsClass)
        {
            writer.WriteLine($"/// <summary>A task running pipeline <c>{Xml(pipeline.KfpName)}</c>; <see cref=\"Outputs\"/> holds what the pipeline returned.</summary>");
            writer.OpenBlock($"{access} sealed class {taskClass} : {PipelineTaskType}");
            writer.OpenBlock($"public {taskClass}()");
            writer.WriteLine($"Outputs = new {outputsClass}(this);");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine($"public {outputsClass} Outputs {{ get; }}");
            if (!pipeline.ReturnsTuple && pipeline.Outputs.Count == 1)
            {
                PipelineOutputModel output = pipeline.Outputs[0];
                writer.WriteLine();
                writer.WriteLine($"public {OutputType(output)} {output.PropertyName} => Outputs.{output.PropertyName};");
            }
            writer.CloseBlock();
        }

        private static void WriteOutputsClass(SourceWriter writer, PipelineModel pipeline, string access, string outputsClass)
        {
            string field = Identifiers.Unique("_task", pipeline.Outputs.Select(static o => o.PropertyName).ToList());

            writer.WriteLine($"/// <summary>The typed outputs of a task running pipeline <c>{Xml(pipeline.KfpName)}</c>, to pass to later tasks.</summary>");
            writer.OpenBlock($"{access} sealed class {outputsClass}");
            writer.WriteLine($"private readonly {PipelineTaskType} {field};");
            writer.WriteLine();
            writer.OpenBlock($"internal {outputsClass}({PipelineTaskType} task)");
            writer.WriteLine($"{field} = task;");
            writer.CloseBlock();
            if (pipeline.Outputs.Count > 0) writer.WriteLine();
            foreach (PipelineOutputModel output in pipeline.Outputs)
            {
                writer.WriteLine($"public {OutputType(output)} {Identifiers.Escape(output.PropertyName)} => " +
                    $"{field}.{OutputAccessor(output)}({SymbolDisplay.FormatLiteral(output.KfpName, quote: true)});");
            }
            writer.CloseBlock();
        }

        /// <summary>Text for a one-line XML doc comment.</summary>
        private static string Xml(string text) =>
            text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ')
                .Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');
    }
}
