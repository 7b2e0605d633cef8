namespace Pipelines.Sdk.Generators;

/// <summary>What a component method parameter becomes.</summary>
internal enum ComponentParameterRole
{
    InputParameter,
    InputArtifact,
    OutputArtifact,
    /// <summary><c>OutputParameter&lt;T&gt;</c>: an output parameter the component sets; not a factory argument.</summary>
    OutputParameter,
    /// <summary><c>InputList&lt;X&gt;</c>: an input with <c>isArtifactList: true</c>.</summary>
    InputArtifactList,
    /// <summary><c>PipelineTaskFinalStatus</c>: KFP fills it in; the task factory has no argument for it.</summary>
    TaskFinalStatus,
    /// <summary><c>TaskConfig</c>: KFP's driver fills it in from the task's settings; the task factory has no argument for it.</summary>
    TaskConfig,
}
