namespace Pipelines;

/// <summary>A pipeline body that cannot compile to valid KFP IR. The build reports it as an
/// error with <see cref="Code"/>, naming the pipeline, the task and, where the trace knows it, the
/// source line of the offending call (<see cref="SourceLocation"/>).</summary>
public sealed class PipelineDefinitionException : Exception
{
    public PipelineDefinitionException(string code, string message) : base(message) => Code = code;

    /// <param name="location"><c>File.cs:42</c> of the call in the <c>[Pipeline]</c> body; appended to the message.</param>
    public PipelineDefinitionException(string code, string message, string? location)
        : base(location is null ? message : $"{message} (at {location})")
    {
        Code = code;
        SourceLocation = location;
    }

    public string Code { get; }

    /// <summary><c>path/File.cs:42</c> of the pipeline-body call the error is about, when known.</summary>
    public string? SourceLocation { get; }
}

/// <summary>Error codes of pipeline tracing and executing (PIPE2xxx: executor, PIPE3xxx: pipeline).</summary>
public static class PipelineErrors
{
    public const string BadArguments = "PIPE2001";
    public const string UnknownComponent = "PIPE2002";
    public const string BadExecutorInput = "PIPE2003";
    public const string MissingInput = "PIPE2004";
    public const string BadInputValue = "PIPE2005";
    public const string ComponentFailed = "PIPE2006";
    public const string OutputNotSet = "PIPE2007";
    public const string WriteOutputsFailed = "PIPE2008";

    public const string PipelineFailed = "PIPE3001";
    public const string UnknownInput = "PIPE3002";
    public const string MissingRequiredInput = "PIPE3003";
    public const string ForeignTask = "PIPE3004";
    public const string InvalidName = "PIPE3005";
    public const string NoExecutor = "PIPE3006";
    /// <summary>An <c>ExitHandler</c> inside another group: KFP allows them only at the pipeline's outermost scope.</summary>
    public const string ExitHandlerNotAtRoot = "PIPE3007";
    /// <summary>The exit task of an <c>ExitHandler</c> is not one container task, or depends on other tasks.</summary>
    public const string InvalidExitTask = "PIPE3008";
    /// <summary>A value used outside the group (condition, loop, exit handler) that produced it, without <c>Collected</c> or <c>OneOf</c>.</summary>
    public const string ValueOutOfScope = "PIPE3009";
    /// <summary>A condition KFP cannot evaluate: two constants, or a list, record or collected value.</summary>
    public const string InvalidCondition = "PIPE3010";
    /// <summary>A <c>ParallelFor</c> over something that is not a list, or with a negative parallelism.</summary>
    public const string InvalidLoop = "PIPE3011";
    /// <summary><c>ElseIf</c>/<c>Else</c> not directly after their <c>If</c>, or a <c>OneOf</c> that does not take one task output per branch of one If/ElseIf/Else.</summary>
    public const string InvalidBranches = "PIPE3012";
    /// <summary>A pipeline output that is not a task output visible at the pipeline's top level, or a duplicate/invalid output name.</summary>
    public const string InvalidPipelineOutput = "PIPE3013";
    /// <summary>A <c>PipelineTaskFinalStatus</c> input on a task that is not an exit task (or an upstream-failure-tolerant task with exactly one upstream).</summary>
    public const string InvalidFinalStatus = "PIPE3014";
    /// <summary>A task option the task's kind cannot carry (Kubernetes or container settings on a nested pipeline or importer, …).</summary>
    public const string InvalidTaskOption = "PIPE3015";
    /// <summary>A pipeline used as a task inside itself.</summary>
    public const string RecursivePipeline = "PIPE3016";
    /// <summary><c>Collected</c> over a value that is not produced inside a <c>ParallelFor</c> the consumer is outside of.</summary>
    public const string InvalidCollected = "PIPE3017";
    /// <summary>A task of a component that lists <c>TaskConfigPassthrough</c>s sets a field the component does not pass
    /// through (KFP's compiler refuses it: "cannot handle resource type"), or a task passes a value to a <c>TaskConfig</c> input.</summary>
    public const string InvalidTaskConfig = "PIPE3018";
    /// <summary>Pipeline-level config KFP would refuse: a workspace set in a pipeline used as a task, or an artifact downloaded to a workspace the run does not have.</summary>
    public const string InvalidPipelineConfig = "PIPE3025";
    /// <summary>A task input holding the workspace path (<c>Placeholders.WorkspacePath</c>, or a constant under
    /// <c>/kfp-workspace</c>) in a run without a workspace: KFP's compiler refuses it too.</summary>
    public const string WorkspaceNotConfigured = "PIPE3035";
}
