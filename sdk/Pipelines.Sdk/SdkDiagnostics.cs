namespace Pipelines.Sdk;

/// <summary>Error and warning codes of the build tasks (PIPE1xxx). Analyzer diagnostics are
/// PIPE0xxx, executor errors PIPE2xxx and pipeline-tracing errors PIPE3xxx (reported by the
/// traced program, relayed by the build with their own codes).</summary>
internal static class SdkDiagnostics
{
    public const string AssemblyUnreadable = "PIPE1001";
    public const string BadComponentSpec = "PIPE1002";
    public const string DuplicateComponent = "PIPE1003";
    public const string TraceFailed = "PIPE1004";
    public const string BadPipelineIr = "PIPE1005";
    public const string WriteFailed = "PIPE1006";
    public const string BadImageSettings = "PIPE1007";
    public const string ImagesFailed = "PIPE1008";
    public const string NoImageForComponent = "PIPE1009";
    public const string DockerLoadFailed = "PIPE1010";
    /// <summary>A <c>PipelineComponent</c> YAML item is malformed (names the file and the field).</summary>
    public const string BadImportedComponent = "PIPE1011";
    /// <summary>A referenced component library's executors file is unreadable, or two sources define one component name.</summary>
    public const string BadComponentLibrary = "PIPE1012";
    /// <summary>Packing a component library whose images are not in a registry (set in Pipelines.targets).</summary>
    public const string PackWithoutRegistry = "PIPE1013";
    /// <summary>Warning: an assembly going into the images embeds this machine's build folder (no PathMap), so the
    /// image digests differ between checkouts of one commit.</summary>
    public const string MachineSpecificPath = "PIPE1014";
    /// <summary>The picture (Mermaid, SVG) of a pipeline YAML could not be drawn or written.</summary>
    public const string PictureFailed = "PIPE1015";
    /// <summary>The project compiles against a runtime library of another version than the SDK's (set in Pipelines.targets).</summary>
    public const string OtherRuntimeVersion = "PIPE1016";
}
