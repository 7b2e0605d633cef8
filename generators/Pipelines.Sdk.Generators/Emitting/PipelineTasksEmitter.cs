using System.Collections.Generic;
using System.Linq;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// Emits the pipeline part of <c>&lt;Class&gt;Tasks</c>: per <c>[Pipeline]</c> method its
    /// <c>PipelineRegistration</c> (the one instance the entry point also uses), a typed task factory
    /// that adds the pipeline as a task of the pipeline being traced, the task class and its typed outputs.
    /// </summary>
    internal static class PipelineTasksEmitter
    {
        private const string RegistrationType = "global::Pipelines.PipelineRegistration";

        /// <summary>The field holding a pipeline's registration: <c>global::Ns.ClassTasks.MethodPipeline</c>.</summary>
        public static string RegistrationField(PipelineModel pipeline) =>
            "global::" + (pipeline.Namespace.Length > 0 ? pipeline.Namespace + "." : "") + pipeline.TasksClassName + "." + pipeline.MethodName + "Pipeline";

        public static string Emit(PipelineTasksClassModel model, EmitFailures failures) =>
            TaskTypesWriter.WriteTasksClass(model.Namespace, (model.Accessibility is null ? "" : model.Accessibility + " ") + "static partial class " + model.ClassName,
                model.Pipelines, WritePipeline, failures, EmitFailures.Subject);

        private static void WritePipeline(SourceWriter writer, PipelineModel pipeline)
        {
            string access = pipeline.IsPublic ? "public" : "internal";
            string name = pipeline.MethodName;
            string taskClass = name + "Task";
            string outputsClass = name + "Outputs";
            string registrationField = name + "Pipeline";

            writer.WriteLine($"/// <summary>Pipeline <c>{TaskTypesWriter.Xml(pipeline.KfpName)}</c> (<c>{TaskTypesWriter.Xml(pipeline.MethodDisplay)}</c>); the entry point registers this instance.</summary>");
            // Its initializer calls the method: an obsolete pipeline's registration is marked so, which lets it (CS0619).
            if (pipeline.Obsolete is not null) writer.WriteLine(ObsoleteAttributes.GeneratedCaller);
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
            var inputs = pipeline.Parameters
                .Where(static p => !p.IsBuilder)
                .Select(static p => new TaskFactoryInput(p.Name, FactoryParameterType(p), p.IsOptional, p.KfpName, p.IsArtifact))
                .ToList();
            // Required input artifacts first (as the runtime's docs call them: TrainAndCheck(data, learningRate: 0.1)),
            // then required run parameters, then optional ones (defaulting to null: the pipeline's own default applies).
            var ordered = inputs.Where(static p => !p.IsOptional && p.IsArtifact)
                .Concat(inputs.Where(static p => !p.IsOptional && !p.IsArtifact))
                .Concat(inputs.Where(static p => p.IsOptional));

            string summary = "Adds a task running pipeline <c>" + TaskTypesWriter.Xml(pipeline.KfpName) + "</c> (as a nested DAG) to the pipeline being traced" +
                (pipeline.Description is { Length: > 0 } description ? ": " + TaskTypesWriter.Xml(description) : ".");
            TaskTypesWriter.WriteFactory(writer, summary, access, taskClass, pipeline.MethodName, "AddPipelineTask", registrationField, inputs, ordered, pipeline.Obsolete);
        }

        private static string FactoryParameterType(PipelineParameterModel parameter)
        {
            string type = parameter.IsArtifact
                ? "global::Pipelines.ArtifactRef<" + parameter.TypeName + ">"
                : "global::Pipelines.Value<" + parameter.TypeName + ">";
            return parameter.IsOptional ? type + "?" : type;
        }

        private static TaskOutputProperty OutputProperty(PipelineOutputModel output) =>
            new TaskOutputProperty(output.PropertyName, OutputType(output), OutputAccessor(output), output.KfpName);

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
            TaskOutputProperty? shortcut = !pipeline.ReturnsTuple && pipeline.Outputs.Count == 1 ? OutputProperty(pipeline.Outputs[0]) : null;
            TaskTypesWriter.WriteTaskClass(writer, $"A task running pipeline <c>{TaskTypesWriter.Xml(pipeline.KfpName)}</c>; <see cref=\"Outputs\"/> holds what the pipeline returned.",
                access, taskClass, outputsClass, shortcut);
        }

        private static void WriteOutputsClass(SourceWriter writer, PipelineModel pipeline, string access, string outputsClass)
        {
            List<TaskOutputProperty> outputs = pipeline.Outputs.Select(OutputProperty).ToList();
            TaskTypesWriter.WriteOutputsClass(writer, $"The typed outputs of a task running pipeline <c>{TaskTypesWriter.Xml(pipeline.KfpName)}</c>, to pass to later tasks.",
                access, outputsClass, outputs);
        }
    }
}
