namespace Pipelines.Local;

/// <summary>Bad input found before anything runs (or an engine set-up failure): one line, one code.</summary>
public sealed class LocalRunException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The line a CLI prints: <c>error PIPE5003: ...</c>.</summary>
    public override string ToString() => $"error {Code}: {Message}";
}

/// <summary>The engine's diagnostic codes (README, "Running locally").</summary>
public static class LocalDiagnostics
{
    public const string NotKfpIr = "PIPE5001";
    public const string UnknownPipeline = "PIPE5002";
    public const string UnknownParameter = "PIPE5003";
    public const string WrongParameterType = "PIPE5004";
    public const string MissingParameter = "PIPE5005";
    public const string ComponentNotInApp = "PIPE5006";
    public const string DockerUnreachable = "PIPE5007";
    public const string UnsupportedImporterUri = "PIPE5008";
    public const string BadOption = "PIPE5009";
    public const string MissingSecret = "PIPE5010";
    public const string ImageNotAvailable = "PIPE5011";
}
