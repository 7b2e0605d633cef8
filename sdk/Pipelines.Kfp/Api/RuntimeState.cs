namespace Pipelines.Kfp.Api;

/// <summary>The v2beta1 <c>RuntimeState</c> names, and which of them end a run.</summary>
public static class RuntimeState
{
    public const string Unspecified = "RUNTIME_STATE_UNSPECIFIED", Pending = "PENDING", Running = "RUNNING",
        Succeeded = "SUCCEEDED", Skipped = "SKIPPED", Failed = "FAILED", Canceling = "CANCELING",
        Canceled = "CANCELED", Paused = "PAUSED";

    /// <summary>States a run does not leave by itself (PAUSED waits for a person, so a watcher keeps waiting).</summary>
    public static bool IsFinal(string? state) => state is Succeeded or Skipped or Failed or Canceled;

    public static bool IsSuccess(string? state) => state is Succeeded or Skipped;
}
