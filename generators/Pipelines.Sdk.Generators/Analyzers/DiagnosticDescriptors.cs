using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>The descriptors of <see cref="ComponentShapeAnalyzer"/>: errors but for PIPE0031 (a warning), all with a help link.</summary>
internal static class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor MustBeStatic = Create(
        DiagnosticIds.MustBeStatic,
        "Component and pipeline methods must be static",
        "[{0}] method '{1}' must be static: each component runs alone in its own container and the generated entry point calls the method without an instance");

    public static readonly DiagnosticDescriptor MustNotBeGeneric = Create(
        DiagnosticIds.MustNotBeGeneric,
        "Component and pipeline methods must not be generic",
        "[{0}] method '{1}' must not be generic or be declared in a generic type: KFP needs one concrete signature to describe and call");

    public static readonly DiagnosticDescriptor MustBeReachable = Create(
        DiagnosticIds.MustBeReachable,
        "Component and pipeline methods must be reachable from the generated entry point",
        "[{0}] method '{1}' cannot be called by the generated entry point because '{2}' is {3}; make the method and its containing types public or internal");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Create(
        DiagnosticIds.UnsupportedParameterType,
        "Component parameter type cannot be passed through KFP",
        "Parameter '{0}' of component '{1}' has type '{2}', which KFP cannot carry between containers; supported: " +
        KfpParameterTypes.SupportedValueTypes + "; or " + KfpParameterTypes.SupportedArtifactTypes);

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        DiagnosticIds.UnsupportedReturnType,
        "Return type cannot be passed through KFP",
        "[{0}] method '{1}' returns '{2}': {3}");

    public static readonly DiagnosticDescriptor ByRefParameter = Create(
        DiagnosticIds.ByRefParameter,
        "Component and pipeline parameters cannot be ref, out, in or pointers",
        "Parameter '{0}' of [{1}] method '{2}' is passed by reference or is a pointer; KFP passes values between separate containers, so use a plain parameter, an Output<T> or the return value");

    public static readonly DiagnosticDescriptor DuplicateName = new DiagnosticDescriptor(
        DiagnosticIds.DuplicateName,
        "Two components or two pipelines have the same KFP name",
        "{0} name '{1}' of '{2}' is also used by {3}; KFP names must be unique, so set Name on one of them",
        DiagnosticIds.ShapeCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.DuplicateName),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InvalidName = Create(
        DiagnosticIds.InvalidName,
        "Invalid KFP name",
        "'{0}' is not a valid KFP {1} name: {2}");

    public static readonly DiagnosticDescriptor InputOutputNameCollision = Create(
        DiagnosticIds.InputOutputNameCollision,
        "Two inputs or outputs map to the same KFP name",
        "'{0}' of '{1}' maps to the KFP name '{2}', which {3}; rename one of them");

    public static readonly DiagnosticDescriptor InvalidPipelineParameter = Create(
        DiagnosticIds.InvalidPipelineParameter,
        "Pipeline parameter must be PipelineBuilder or Param<T>",
        "Parameter '{0}' of pipeline '{1}' has type '{2}'; a [Pipeline] parameter must be PipelineBuilder, ArtifactRef<T> or ArtifactListRef<T> of an artifact type, or Param<T> where T is one of: " +
        KfpParameterTypes.SupportedValueTypes);

    public static readonly DiagnosticDescriptor InvalidDefaultValue = Create(
        DiagnosticIds.InvalidDefaultValue,
        "[Default] value does not fit the pipeline parameter's type",
        "The [Default] value of pipeline parameter '{0}' does not fit its type '{1}'");

    public static readonly DiagnosticDescriptor NotAMethod = Create(
        DiagnosticIds.NotAMethod,
        "[Component] and [Pipeline] go on methods the generated code can call",
        "[{0}] is on {1}, which the generated entry point and task factories cannot call by name; put it on a static method declared in a class, struct or record (or a non-virtual static interface method)");

    public static readonly DiagnosticDescriptor TasksClassNameTaken = new DiagnosticDescriptor(
        DiagnosticIds.TasksClassNameTaken,
        "A type has the name of a generated Tasks class",
        "'{0}' is the static class the generator declares for the task factories of {1}, so here it can only be another part of it, a 'partial class' that is neither sealed nor abstract; rename this type, or rename the class holding the methods",
        DiagnosticIds.ShapeCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.TasksClassNameTaken),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor LoneSurrogate = Create(
        DiagnosticIds.LoneSurrogate,
        "Text contains a lone UTF-16 surrogate",
        "{0} contains a lone UTF-16 surrogate (\\u{1}), which is not a Unicode character: the component spec and the pipeline YAML are UTF-8 JSON/YAML and cannot carry it; use the full surrogate pair or another character");

    public static readonly DiagnosticDescriptor MisplacedOutputName = Create(
        DiagnosticIds.MisplacedOutputName,
        "[return: Output] names a single return value",
        "[return: Output] on [{0}] method '{1}', which {2}: it names the output of a single return value; name tuple elements in the tuple, and declare further outputs as OutputParameter<T> parameters");

    public static readonly DiagnosticDescriptor InvalidDefaultJson = Create(
        DiagnosticIds.InvalidDefaultJson,
        "[Default] of a LIST or STRUCT parameter does not fit its type",
        "The [Default] of parameter '{0}' of '{1}' does not fit its type '{2}': {3}");

    public static readonly DiagnosticDescriptor DefaultOnComponentScalar = Create(
        DiagnosticIds.DefaultOnComponentScalar,
        "[Default] on a component parameter that takes a C# default",
        "Parameter '{0}' of component '{1}' has type '{2}', whose default C# can write: give it a C# default value ('{0} = ...') instead of [Default], which component parameters take only for LIST and STRUCT types");

    /// <summary>Reported by <see cref="ArtifactSchemaAnalyzer"/>.</summary>
    public static readonly DiagnosticDescriptor InvalidArtifactSchema = Create(
        DiagnosticIds.InvalidArtifactSchema,
        "Invalid [ArtifactSchema] on an artifact class",
        "[ArtifactSchema] on '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidTaskConfigPassthrough = Create(
        DiagnosticIds.InvalidTaskConfigPassthrough,
        "Invalid TaskConfig passthrough",
        "Task config passthrough on '{0}': {1}");

    public static readonly DiagnosticDescriptor UnusedTaskConfigPassthrough = new DiagnosticDescriptor(
        DiagnosticIds.UnusedTaskConfigPassthrough,
        "TaskConfig parameter and [TaskConfigPassthrough] go together",
        "Component '{0}' {1}",
        DiagnosticIds.DataPassingCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UnusedTaskConfigPassthrough));

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        MustBeStatic, MustNotBeGeneric, MustBeReachable, UnsupportedParameterType, UnsupportedReturnType, ByRefParameter,
        DuplicateName, InvalidName, InputOutputNameCollision, InvalidPipelineParameter, InvalidDefaultValue,
        NotAMethod, TasksClassNameTaken, LoneSurrogate, MisplacedOutputName, InvalidDefaultJson, DefaultOnComponentScalar,
        InvalidTaskConfigPassthrough, UnusedTaskConfigPassthrough);

    private static DiagnosticDescriptor Create(string id, string title, string message) => new DiagnosticDescriptor(
        id, title, message, DiagnosticIds.ShapeCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(id));
}
