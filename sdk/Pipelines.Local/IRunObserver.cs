namespace Pipelines.Local;

/// <summary>A change of one task while a run goes.</summary>
public sealed record TaskUpdate(string Path, string DisplayName, string Kind, TaskState State, int Attempt, int MaxAttempts, string? Reason, DateTimeOffset At);

/// <summary>Follows a run as it goes (called from worker threads; implementations synchronise).</summary>
public interface IRunObserver
{
    void OnTaskUpdate(TaskUpdate update);
    void OnNotice(string notice);
}
