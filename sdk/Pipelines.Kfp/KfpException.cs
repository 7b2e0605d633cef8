namespace Pipelines.Kfp;

/// <summary>
/// A failure talking to KFP or preparing a request, with its diagnostic code; <see cref="ToString"/>
/// is the one line a CLI prints (<c>error PIPE6003: …</c>). Messages never carry the token.
/// </summary>
public sealed class KfpException(string code, string message, System.Net.HttpStatusCode? status = null) : Exception(message)
{
    public string Code { get; } = code;
    /// <summary>The HTTP status KFP answered with, when the failure is an answer.</summary>
    public System.Net.HttpStatusCode? Status { get; } = status;

    public override string ToString() => $"error {Code}: {Message}";
}

/// <summary>The PIPE6xxx codes (README, Diagnostics).</summary>
public static class KfpDiagnostics
{
    public const string BadHost = "PIPE6001";
    public const string TokenUnavailable = "PIPE6002";
    public const string Unauthenticated = "PIPE6003";
    public const string Forbidden = "PIPE6004";
    public const string NotFound = "PIPE6005";
    public const string ServerUnavailable = "PIPE6006";
    public const string Rejected = "PIPE6007";
    public const string Unreachable = "PIPE6008";
    public const string NotAPipeline = "PIPE6009";
    public const string UnknownParameter = "PIPE6010";
    public const string WrongParameterType = "PIPE6011";
    public const string MissingParameter = "PIPE6012";
    public const string BadCaFile = "PIPE6013";
    public const string RunNotSucceeded = "PIPE6014";
}
