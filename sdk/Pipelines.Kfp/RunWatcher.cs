using Pipelines.Kfp.Api;

namespace Pipelines.Kfp;

/// <summary>Follows a run by polling GetRun until it reaches a final state.</summary>
public static class RunWatcher
{
    /// <param name="onChange">Called with the run whenever its state changes (and once at the start).</param>
    public static async Task<Run> WaitAsync(KfpClient client, string runId, TimeSpan interval, Action<Run> onChange, CancellationToken cancellationToken = default)
    {
        string? last = null;
        while (true)
        {
            var run = await client.GetRunAsync(runId, cancellationToken);
            if (run.State != last)
            {
                last = run.State;
                onChange(run);
            }
            if (RuntimeState.IsFinal(run.State)) return run;
            await Task.Delay(interval, cancellationToken);
        }
    }
}
