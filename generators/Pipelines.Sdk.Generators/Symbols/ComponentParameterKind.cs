namespace Pipelines.Sdk.Generators;

/// <summary>What one parameter of a <c>[Component]</c> method is to KFP.</summary>
internal enum ComponentParameterKind
{
    /// <summary>A type KFP cannot carry (PIPE0004).</summary>
    Unsupported,
    /// <summary>ref/out/in or a pointer (PIPE0006).</summary>
    ByRefOrPointer,
    /// <summary>An input parameter (<c>inputDefinitions.parameters</c>).</summary>
    Parameter,
    /// <summary><c>Input&lt;X&gt;</c>: an input artifact.</summary>
    InputArtifact,
    /// <summary><c>Output&lt;X&gt;</c>: an output artifact.</summary>
    OutputArtifact,
    /// <summary><c>OutputParameter&lt;T&gt;</c>: an output parameter (<c>outputDefinitions.parameters</c>) named after the C# parameter.</summary>
    OutputParameter,
    /// <summary><c>InputList&lt;X&gt;</c>: an input artifact list (<c>isArtifactList</c>).</summary>
    InputArtifactList,
    /// <summary><c>PipelineTaskFinalStatus</c>: filled in by KFP (<c>TASK_FINAL_STATUS</c>), no factory argument.</summary>
    TaskFinalStatus,
    /// <summary><c>TaskConfig</c>: filled in by KFP's driver (<c>TASK_CONFIG</c>), no factory argument.</summary>
    TaskConfig,
}
