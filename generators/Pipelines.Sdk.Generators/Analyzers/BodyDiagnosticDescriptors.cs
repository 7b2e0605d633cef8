using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// The descriptors of the analyzers that look inside <c>[Component]</c> and <c>[Pipeline]</c>
/// bodies (PIPE0012 on). Each has a help link to <c>docs/diagnostics/&lt;ID&gt;.md</c>.
/// </summary>
internal static class BodyDiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor StaticMutableState = Create(
        DiagnosticIds.StaticMutableState, DiagnosticIds.SelfContainmentCategory, DiagnosticSeverity.Warning,
        "Component uses mutable static state",
        "Component '{0}' {1} static {2} '{3}', which is mutable: each component runs in its own container, so a value one component (or an earlier call) stores there does not travel to another; pass it as a parameter, an output or an artifact");

    public static readonly DiagnosticDescriptor LiteralFilePath = Create(
        DiagnosticIds.LiteralFilePath, DiagnosticIds.SelfContainmentCategory, DiagnosticSeverity.Warning,
        "Component opens a file by a literal path",
        "Component '{0}' uses the literal path \"{1}\": in its container the working directory is not the project folder and no such file exists; read an Input<T>.Path, write an Output<T>.Path, or combine AppContext.BaseDirectory with content shipped with the app");

    public static readonly DiagnosticDescriptor EnvironmentVariable = Create(
        DiagnosticIds.EnvironmentVariable, DiagnosticIds.SelfContainmentCategory, DiagnosticSeverity.Warning,
        "Component reads an environment variable it does not declare",
        "Component '{0}' reads environment variable {1}, which its container does not have unless the pipeline sets it: pass the value as a component parameter, or set it on the task with .WithEnv(...) (for a secret, from a Kubernetes secret) and suppress this warning");

    public static readonly DiagnosticDescriptor ComponentCallsComponent = Create(
        DiagnosticIds.ComponentCallsComponent, DiagnosticIds.SelfContainmentCategory, DiagnosticSeverity.Warning,
        "Component calls another component directly",
        "Component '{0}' calls component '{1}' directly: it runs in-process inside the container of '{0}', not as a KFP task with its own inputs, outputs, caching and retries; move the shared code into a helper method, or connect the two as tasks in the pipeline");

    public static readonly DiagnosticDescriptor PipelineCallsComponent = Create(
        DiagnosticIds.PipelineCallsComponent, DiagnosticIds.SelfContainmentCategory, DiagnosticSeverity.Error,
        "Pipeline calls a component method instead of its task factory",
        "Pipeline '{0}' calls component method '{1}' directly, which would run it while the pipeline is traced instead of adding a task; call the generated task factory '{2}' instead");

    public static readonly DiagnosticDescriptor NativeCode = Create(
        DiagnosticIds.NativeCode, DiagnosticIds.SelfContainmentCategory, DiagnosticSeverity.Warning,
        "Component calls native code",
        "Component '{0}' calls native method '{1}' from library '{2}': the native library must be installed in the component's container image for the same OS and CPU, or the call fails at run time");

    public static readonly DiagnosticDescriptor WallClock = Create(
        DiagnosticIds.WallClock, DiagnosticIds.DeterminismCategory, DiagnosticSeverity.Warning,
        "Component reads the clock",
        "Component '{0}' reads '{1}', so its result depends on when it runs; pass the date or time as a parameter, or keep it out of outputs (use Stopwatch to measure durations)");

    public static readonly DiagnosticDescriptor UnseededRandom = Create(
        DiagnosticIds.UnseededRandom, DiagnosticIds.DeterminismCategory, DiagnosticSeverity.Warning,
        "Component uses an unseeded random number generator",
        "Component '{0}' uses {1}, which is seeded differently on every run; create 'new Random(seed)' from a seed parameter so the same inputs give the same outputs");

    public static readonly DiagnosticDescriptor NewGuid = Create(
        DiagnosticIds.NewGuid, DiagnosticIds.DeterminismCategory, DiagnosticSeverity.Warning,
        "Component creates a random GUID",
        "Component '{0}' calls '{1}', which returns a different value on every run; derive identifiers from the input data or pass them as parameters");

    public static readonly DiagnosticDescriptor UnorderedEnumeration = Create(
        DiagnosticIds.UnorderedEnumeration, DiagnosticIds.DeterminismCategory, DiagnosticSeverity.Warning,
        "Component writes an unordered collection in enumeration order",
        "Component '{0}' writes the elements of a {1} in enumeration order, which the collection does not define; sort them first (OrderBy) so every run writes the same output");

    public static readonly DiagnosticDescriptor LargePayloadParameter = Create(
        DiagnosticIds.LargePayloadParameter, DiagnosticIds.DataPassingCategory, DiagnosticSeverity.Info,
        "Large payload passed as a parameter",
        "Component '{0}' {1}: KFP parameters are small JSON values kept in the pipeline's metadata store; pass file contents and binary data as an artifact (Output<Dataset> in the producer, Input<Dataset> in the consumer)");

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        StaticMutableState, LiteralFilePath, EnvironmentVariable, ComponentCallsComponent, PipelineCallsComponent, NativeCode,
        WallClock, UnseededRandom, NewGuid, UnorderedEnumeration, LargePayloadParameter);

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message) =>
        new DiagnosticDescriptor(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpLink(id));
}
