using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Local;

/// <summary>Keeps every task's record, tells the observer, and rewrites <c>run.json</c> (atomically)
/// after tasks end, so an interrupted run still leaves a consistent record.
/// <para>The rewrites happen on a worker thread, one at a time, each with the latest states: a task's
/// end never waits for the record to be serialised (with ten tasks ending together, ten rewrites in a
/// row were on the run's critical path), and tasks that end while a rewrite is going share the next one.
/// <see cref="CompleteAsync"/> waits for the last rewrite and then writes the final state.</para></summary>
internal sealed class RunRecorder(string pipelineName, string runId, string runDirectory, IReadOnlyDictionary<string, JsonNode?> parameters, IRunObserver? observer)
{
    private readonly List<TaskRecord> _records = [];
    private readonly List<string> _notices = [];
    private readonly object _lock = new();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    // Background rewrites of run.json: _pending says the record changed since the last rewrite began,
    // _rewriting that a worker is going (it loops until nothing is pending), _completed that the final
    // state is written and nothing may overwrite it.
    private readonly object _writeGate = new();
    private Task _rewrites = Task.CompletedTask;
    private bool _pending, _rewriting, _completed;

    public TaskRecord Add(string path, string name, string displayName, string kind)
    {
        var record = new TaskRecord(path, name, displayName, kind);
        lock (_lock) _records.Add(record);
        Notify(record);
        return record;
    }

    public void Notice(string text)
    {
        lock (_lock) _notices.Add(text);
        observer?.OnNotice(text);
    }

    public void Start(TaskRecord record)
    {
        lock (_lock)
        {
            record.State = TaskState.Running;
            record.Started ??= DateTimeOffset.UtcNow;
        }
        Notify(record);
    }

    public void Running(TaskRecord record, int attempt, int maxAttempts)
    {
        lock (_lock)
        {
            record.State = TaskState.Running;
            record.Attempts = attempt;
            record.MaxAttempts = maxAttempts;
            record.Started ??= DateTimeOffset.UtcNow;
        }
        Notify(record);
    }

    public void Retrying(TaskRecord record, int attempt, int maxAttempts, string error)
    {
        lock (_lock)
        {
            record.State = TaskState.Retrying;
            record.Reason = $"attempt {attempt}/{maxAttempts} failed: {error}";
        }
        Notify(record);
    }

    public void Finish(TaskRecord record, TaskOutcome outcome)
    {
        lock (_lock)
        {
            record.State = outcome.State;
            record.Ended = DateTimeOffset.UtcNow;
            if (outcome.Error is not null || record.Reason is null) record.Reason = outcome.Error;
            record.OutputParameters = outcome.Parameters;
            record.OutputArtifacts = outcome.Artifacts;
        }
        Notify(record);
        RequestRewrite();
    }

    private void RequestRewrite()
    {
        lock (_writeGate)
        {
            if (_completed) return;
            _pending = true;
            if (_rewriting) return;
            _rewriting = true;
            _rewrites = Task.Run(RewriteWhilePending);
        }
    }

    private void RewriteWhilePending()
    {
        while (true)
        {
            lock (_writeGate)
            {
                if (!_pending || _completed)
                {
                    _rewriting = false;
                    return;
                }
                _pending = false;
            }
            try
            {
                Write(RunState.Running);
            }
            catch
            {
                lock (_writeGate) _rewriting = false;
                throw;
            }
        }
    }

    /// <summary>Waits for the rewrite in flight and writes the run's final state over it.</summary>
    public async Task CompleteAsync(RunState state)
    {
        Task inFlight;
        lock (_writeGate)
        {
            _completed = true;
            inFlight = _rewrites;
        }
        try
        {
            await inFlight;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An intermediate record that could not be written is replaced by the final one; if the
            // disk still fails, the write below says so.
        }
        Write(state);
    }

    private void Notify(TaskRecord record)
    {
        if (observer is null) return;
        TaskUpdate update;
        lock (_lock)
            update = new TaskUpdate(record.Path, record.DisplayName, record.Kind, record.State, record.Attempts, record.MaxAttempts, record.Reason, DateTimeOffset.UtcNow);
        observer.OnTaskUpdate(update);
    }

    public RunResult Snapshot(RunState state)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
            return new RunResult(pipelineName, runId, runDirectory, state, parameters, _records.Select(r => r.Freeze(now)).ToList(), _notices.ToList(), _started, now - _started);
    }

    /// <summary>Writes <c>run.json</c>: parameters, states, reasons, outputs and timings.</summary>
    public void Write(RunState state)
    {
        var result = Snapshot(state);
        var json = new JsonObject
        {
            ["pipeline"] = result.PipelineName,
            ["runId"] = result.RunId,
            ["state"] = result.State.ToString().ToUpperInvariant(),
            ["started"] = result.Started.ToString("O"),
            ["durationSeconds"] = Math.Round(result.Duration.TotalSeconds, 3),
            ["parameters"] = new JsonObject(result.Parameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
            ["notices"] = new JsonArray(result.Notices.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["tasks"] = new JsonArray(result.Tasks.Select(t => (JsonNode?)new JsonObject
            {
                ["path"] = t.Path,
                ["displayName"] = t.DisplayName,
                ["kind"] = t.Kind,
                ["state"] = t.State.ToString().ToUpperInvariant(),
                ["reason"] = t.Reason,
                ["attempts"] = t.Attempts,
                ["started"] = t.Started?.ToString("O"),
                ["durationSeconds"] = Math.Round(t.Duration.TotalSeconds, 3),
                ["cacheKey"] = t.CacheKey,
                ["outputParameters"] = new JsonObject(t.OutputParameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
                ["outputArtifacts"] = new JsonObject(t.OutputArtifacts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Select(a => (JsonNode)a.ToJson()).ToArray())))),
                ["stdout"] = t.StdoutPath,
                ["stderr"] = t.StderrPath,
            }).ToArray()),
        };
        var text = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        lock (_lock)
        {
            Directory.CreateDirectory(runDirectory);
            var file = Path.Combine(runDirectory, "run.json");
            var temp = file + ".tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, file, overwrite: true);
        }
    }
}
