using System;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// An exception the generator caught while reading or writing one component, pipeline or file:
/// it is reported as PIPE0026 (naming <see cref="Subject"/> and the exception) instead of being
/// thrown (which would cost every generated file, CS8785) or dropped (which would leave a
/// component without spec or factory and no word why).
/// </summary>
/// <param name="Subject">What failed, e.g. <c>component 'Churn.Steps.Clean'</c>.</param>
/// <param name="Error">The exception's type, message and innermost frames: what a bug report needs.</param>
/// <param name="Where">The user's code it was about, when known.</param>
internal sealed record GeneratorFailure(string Subject, string Error, SourceSpan? Where)
{
    public static GeneratorFailure From(string subject, Exception exception, SourceSpan? where = null) =>
        new GeneratorFailure(subject, Describe(exception), where);

    /// <summary><c>NullReferenceException: Object reference not set... at X.Y()</c>: type, message and the frame that threw.</summary>
    public static string Describe(Exception exception)
    {
        var text = exception.GetType().Name + ": " + exception.Message;
        var frame = exception.StackTrace?.Split('\n')[0].Trim();
        return string.IsNullOrEmpty(frame) ? text : text + " (" + frame + ")";
    }
}
