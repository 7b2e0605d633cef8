namespace Pipelines.Sdk.Generators;

/// <summary>A <c>[Pipeline]</c> method as the emitters need it (immutable and equatable, like every model).</summary>
/// <param name="MethodReference"><c>global::Churn.ChurnPipeline.Define</c>.</param>
/// <param name="MethodDisplay"><c>Churn.ChurnPipeline.Define</c>, for ordering.</param>
/// <param name="Parameters">Every method parameter, in declaration order.</param>
/// <param name="Namespace">Namespace of the declaring class ("" for the global namespace).</param>
/// <param name="TasksClassName"><c>&lt;Class&gt;Tasks</c>: where the pipeline's task factory goes.</param>
/// <param name="TasksClassIsPublic">The declaring class (and its containers) are public.</param>
/// <param name="IsPublic">The factory and task classes can be public: the method and every type in its signature are.</param>
/// <param name="MethodName">The C# method name (unescaped).</param>
/// <param name="Outputs">What the method returns: none, one <c>Output</c>, or one per tuple element.</param>
/// <param name="ReturnsTuple">The return value is a tuple.</param>
/// <param name="Obsolete">The method's (or its class's) <c>[Obsolete]</c> as C#, for the task factory; null when not obsolete.</param>
internal sealed record PipelineModel(
    string KfpName,
    string? DisplayName,
    string? Description,
    string MethodReference,
    string MethodDisplay,
    EquatableArray<PipelineParameterModel> Parameters,
    string Namespace,
    string TasksClassName,
    bool TasksClassIsPublic,
    bool IsPublic,
    string MethodName,
    EquatableArray<PipelineOutputModel> Outputs,
    bool ReturnsTuple,
    string? Obsolete = null);
