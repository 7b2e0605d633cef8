namespace Pipelines.Sdk.Generators;

/// <summary>
/// A <c>[Component]</c> method as the emitters need it. Keep it immutable and equatable
/// (records, strings, <see cref="EquatableArray{T}"/>): the incremental pipeline compares
/// models to decide whether anything must be regenerated.
/// </summary>
/// <param name="Namespace">Namespace of the declaring class ("" for the global namespace).</param>
/// <param name="TasksClassName"><c>&lt;Class&gt;Tasks</c>.</param>
/// <param name="TasksClassIsPublic">The declaring class (and its containers) are public.</param>
/// <param name="IsPublic">Factories and task classes can be public: the method and every type in its signature are.</param>
/// <param name="ContainingType">Declaring class, <c>global::</c>-qualified.</param>
/// <param name="MethodName">The C# method name (unescaped).</param>
/// <param name="MethodReference"><c>global::Churn.Steps.Clean</c>.</param>
/// <param name="MethodDisplay"><c>Churn.Steps.Clean</c> (the manifest's "method").</param>
/// <param name="KfpName">Component name.</param>
/// <param name="Parameters">Every method parameter, in declaration order.</param>
/// <param name="IsAwaitable">The method returns Task/ValueTask (generic or not).</param>
/// <param name="ReturnOutputs">Outputs produced by the return value (none, one <c>Output</c>, or one per tuple element).</param>
/// <param name="ReturnsTuple">The return value is a tuple.</param>
/// <param name="SpecJson">Imported KFP components (<c>&lt;PipelineComponent Include="x.yaml" /&gt;</c>): the
/// spec JSON the build extracted from the YAML, embedded verbatim; null for C# components.</param>
/// <param name="ContainerJson">Container components (<c>[ContainerComponent]</c>): the evaluated <c>container</c>
/// (image, command, args), compact JSON with sorted keys; null for components that run this program.</param>
/// <param name="TaskConfigPassthroughs"><c>[TaskConfigPassthrough]</c> entries in declaration order (empty for none; imported
/// components keep theirs in <paramref name="SpecJson"/>).</param>
/// <param name="Obsolete">The method's (or its class's) <c>[Obsolete]</c> as C#, for the task factory; null when not obsolete.</param>
internal sealed record ComponentModel(
    string Namespace,
    string TasksClassName,
    bool TasksClassIsPublic,
    bool IsPublic,
    string ContainingType,
    string MethodName,
    string MethodReference,
    string MethodDisplay,
    string KfpName,
    string? Description,
    EquatableArray<ComponentParameterModel> Parameters,
    bool IsAwaitable,
    EquatableArray<ReturnOutputModel> ReturnOutputs,
    bool ReturnsTuple,
    string? SpecJson = null,
    string? Obsolete = null,
    string? ContainerJson = null,
    EquatableArray<TaskConfigPassthroughModel> TaskConfigPassthroughs = default);
