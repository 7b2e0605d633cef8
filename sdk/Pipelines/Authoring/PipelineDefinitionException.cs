namespace Pipelines;

/// <summary>A pipeline body that cannot compile to valid KFP IR. The build reports it as an
/// error with <see cref="Code"/>, naming the pipeline and the task.</summary>
public sealed class PipelineDefinitionException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
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
}
