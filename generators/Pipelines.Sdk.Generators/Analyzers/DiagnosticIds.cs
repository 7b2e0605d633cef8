namespace Pipelines.Sdk.Generators;

/// <summary>
/// Every diagnostic ID of the Pipelines analyzers, in one place. PIPE0001-PIPE0011,
/// PIPE0023-PIPE0025, PIPE0027-PIPE0031 and PIPE0050: the shape of <c>[Component]</c>/<c>[Pipeline]</c> methods; PIPE0012-PIPE0022:
/// what component and pipeline bodies do (self-containment, determinism, data passing);
/// PIPE0026: the generator failed (its own bug, reported rather than hidden). PIPE2xxx/PIPE3xxx belong to the runtime
/// library (executor and pipeline tracing), PIPE1xxx is left to the build.
/// </summary>
public static class DiagnosticIds
{
    public const string MustBeStatic = "PIPE0001";
    public const string MustNotBeGeneric = "PIPE0002";
    public const string MustBeReachable = "PIPE0003";
    public const string UnsupportedParameterType = "PIPE0004";
    public const string UnsupportedReturnType = "PIPE0005";
    public const string ByRefParameter = "PIPE0006";
    public const string DuplicateName = "PIPE0007";
    public const string InvalidName = "PIPE0008";
    public const string InputOutputNameCollision = "PIPE0009";
    public const string InvalidPipelineParameter = "PIPE0010";
    public const string InvalidDefaultValue = "PIPE0011";
    public const string NotAMethod = "PIPE0023";
    public const string TasksClassNameTaken = "PIPE0024";
    public const string LoneSurrogate = "PIPE0025";
    public const string MisplacedOutputName = "PIPE0027";
    public const string InvalidDefaultJson = "PIPE0028";
    public const string DefaultOnComponentScalar = "PIPE0029";
    public const string InvalidArtifactSchema = "PIPE0050";
    public const string InvalidTaskConfigPassthrough = "PIPE0030";
    public const string UnusedTaskConfigPassthrough = "PIPE0031";

    // Self-containment: a component runs alone in its own container.
    public const string StaticMutableState = "PIPE0012";
    public const string LiteralFilePath = "PIPE0013";
    public const string EnvironmentVariable = "PIPE0014";
    public const string ComponentCallsComponent = "PIPE0015";
    public const string PipelineCallsComponent = "PIPE0016";
    public const string NativeCode = "PIPE0017";

    // Determinism: same data and parameters, same outputs.
    public const string WallClock = "PIPE0018";
    public const string UnseededRandom = "PIPE0019";
    public const string NewGuid = "PIPE0020";
    public const string UnorderedEnumeration = "PIPE0021";

    // Data passing: large payloads belong in artifacts.
    public const string LargePayloadParameter = "PIPE0022";

    // Container components ([ContainerComponent]): the ContainerSpec their body returns must compile to KFP's container.
    public const string ContainerBodyNotEvaluable = "PIPE0043";
    public const string ContainerImageNotConstant = "PIPE0044";
    public const string ContainerArgumentNotEvaluable = "PIPE0045";
    public const string IfPresentNotAnInput = "PIPE0046";
    public const string ListIfPresentInConcat = "PIPE0047";
    public const string ComponentAndContainerComponent = "PIPE0048";

    // The generator's own failures: a bug in the generator, reported instead of thrown or hidden.
    public const string GeneratorFailed = "PIPE0026";

    /// <summary>Category of every shape rule.</summary>
    public const string ShapeCategory = "Pipelines.Shape";

    /// <summary>Category of the rules about what a component may rely on inside its container.</summary>
    public const string SelfContainmentCategory = "Pipelines.SelfContainment";

    /// <summary>Category of the rules about reproducible outputs.</summary>
    public const string DeterminismCategory = "Pipelines.Determinism";

    /// <summary>Category of the rules about how data moves between components.</summary>
    public const string DataPassingCategory = "Pipelines.DataPassing";

    /// <summary>Category of the generator's own failures.</summary>
    public const string GeneratorCategory = "Pipelines.Generator";

    /// <summary>The documentation page of a rule: <c>docs/diagnostics/&lt;ID&gt;.md</c> in the repository.</summary>
    public static string HelpLink(string id) => "https://github.com/pipelines-sdk/pipelines-sdk/blob/main/docs/diagnostics/" + id + ".md";
}
