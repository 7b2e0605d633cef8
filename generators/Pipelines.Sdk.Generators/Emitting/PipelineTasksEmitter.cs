using System.Linq;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Emits the pipeline part of <c>&lt;Class&gt;Tasks</c>: per <c>[Pipeline]</c> method its
/// <c>PipelineRegistration</c> (the one instance the entry point also uses), a typed task factory
/// that adds the pipeline as a task of the pipeline being traced, the task class and its typed
/// outputs (layout: <see cref="TaskTypesWriter"/>, the same as a component's).
/// </summary>
internal static class PipelineTasksEmitter
{
    private const string RegistrationType = "global::Pipelines.PipelineRegistration";

    /// <summary>The field holding a pipeline's registration: <c>global::Ns.ClassTasks.MethodPipeline</c>.</summary>
    public static string RegistrationField(PipelineModel pipeline) =>
        "global::" + (pipeline.Namespace.Length > 0 ? pipeline.Namespace + "." : "") + pipeline.TasksClassName + "." + pipeline.MethodName + "Pipeline";

    public static string Emit(PipelineTasksClassModel model, EmitFailures failures) =>
        TaskTypesWriter.WriteTasksClass(model.Namespace, (model.Accessibility is null ? "" : model.Accessibility + " ") + "static partial class " + model.ClassName,
            model.Pipelines, static (writer, pipeline) => TaskTypesWriter.WriteMember(writer, Member(pipeline)), failures, EmitFailures.Subject);

    private static TaskMember Member(PipelineModel pipeline)
    {
        var kfpName = TaskTypesWriter.Xml(pipeline.KfpName);
        var inputs = pipeline.Parameters
            .Where(static p => !p.IsBuilder)
            .Select(static p => new TaskFactoryInput(p.Name, FactoryParameterType(p), p.IsOptional, p.KfpName, p.IsArtifact))
            .ToList();
        // Required input artifacts first (as the runtime's docs call them: TrainAndCheck(data, learningRate: 0.1)),
        // then required run parameters, then optional ones (defaulting to null: the pipeline's own default applies).
        var signatureOrder = inputs.Where(static p => !p.IsOptional && p.IsArtifact)
            .Concat(inputs.Where(static p => !p.IsOptional && !p.IsArtifact))
            .Concat(inputs.Where(static p => p.IsOptional));

        return new TaskMember(
            Access: pipeline.IsPublic ? "public" : "internal",
            MethodName: pipeline.MethodName,
            SpecSummary: $"Pipeline <c>{kfpName}</c> (<c>{TaskTypesWriter.Xml(pipeline.MethodDisplay)}</c>); the entry point registers this instance.",
            SpecType: RegistrationType,
            SpecField: pipeline.MethodName + "Pipeline",
            SpecInitializer: PipelineRegistrationWriter.Expression(pipeline),
            FactorySummary: "Adds a task running pipeline <c>" + kfpName + "</c> (as a nested DAG) to the pipeline being traced" +
                (pipeline.Description is { Length: > 0 } description ? ": " + TaskTypesWriter.Xml(description) : "."),
            AddMethod: "AddPipelineTask",
            Inputs: inputs,
            SignatureOrder: signatureOrder,
            TaskSummary: $"A task running pipeline <c>{kfpName}</c>; <see cref=\"Outputs\"/> holds what the pipeline returned.",
            Shortcut: !pipeline.ReturnsTuple && pipeline.Outputs.Count == 1 ? OutputProperty(pipeline.Outputs[0]) : null,
            OutputsSummary: $"The typed outputs of a task running pipeline <c>{kfpName}</c>, to pass to later tasks.",
            Outputs: pipeline.Outputs.Select(OutputProperty).ToList(),
            Obsolete: pipeline.Obsolete,
            // The registration's initializer calls the method: an obsolete pipeline's is marked so, which lets it (CS0619).
            SpecAttribute: pipeline.Obsolete is null ? null : ObsoleteAttributes.GeneratedCaller);
    }

    private static string FactoryParameterType(PipelineParameterModel parameter)
    {
        var type = parameter.IsArtifactList ? TaskTypesWriter.ArtifactListRefType(parameter.TypeName)
            : parameter.IsArtifact ? TaskTypesWriter.ArtifactRefType(parameter.TypeName)
            : TaskTypesWriter.ValueType(parameter.TypeName);
        return parameter.IsOptional ? type + "?" : type;
    }

    private static TaskOutputProperty OutputProperty(PipelineOutputModel output) => output.Kind switch
    {
        PipelineOutputKind.Artifact => TaskOutputProperty.Artifact(output.PropertyName, output.TypeName, output.KfpName),
        PipelineOutputKind.ArtifactList => TaskOutputProperty.ArtifactList(output.PropertyName, output.TypeName, output.KfpName),
        _ => TaskOutputProperty.Parameter(output.PropertyName, output.TypeName, output.KfpName),
    };
}
