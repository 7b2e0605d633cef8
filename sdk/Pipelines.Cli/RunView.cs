using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipelines.Local;
using Spectre.Console;

namespace Pipelines.Cli;

/// <summary>Shows a run: live lines per task on a terminal (plain lines when redirected), then a
/// summary table, the failing tasks' last log lines, and where everything is.</summary>
internal sealed class RunView : IRunObserver
{
    private readonly ConcurrentDictionary<string, TaskUpdate> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _runningSince = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly bool _live;

    private RunView(bool live) => _live = live;

    public static async Task<int> RunAsync(string yaml, IReadOnlyDictionary<string, string> parameters, RunOptions options, bool live, CancellationToken cancellationToken)
    {
        var view = new RunView(live);
        options = options with { Observer = view };
        Console.Out.WriteLine($"running {yaml} ({(options.Mode == RunMode.Process ? "process" : "docker")} mode, --parallel {options.Parallelism})");
        var warmedUp = WarmUpSummary();
        RunResult result;
        if (live)
        {
            Task<RunResult>? running = null;
            await AnsiConsole.Live(new Text("starting…")).AutoClear(true).StartAsync(async ctx =>
            {
                running = LocalRunner.RunAsync(yaml, parameters, options, cancellationToken);
                while (!running.IsCompleted)
                {
                    ctx.UpdateTarget(view.LiveTable());
                    await Task.WhenAny(running, Task.Delay(250, CancellationToken.None));
                }
            });
            result = await running!;
        }
        else
        {
            result = await LocalRunner.RunAsync(yaml, parameters, options, cancellationToken);
        }

        await warmedUp;
        Summary(result, Console.Out);
        return result.State switch
        {
            RunState.Succeeded => CliCommands.ExitSucceeded,
            RunState.Cancelled => CliCommands.ExitCancelled,
            _ => CliCommands.ExitFailed,
        };
    }

    public void OnNotice(string notice) => Console.Out.WriteLine($"notice: {notice}");

    public void OnTaskUpdate(TaskUpdate update)
    {
        if (update.Kind is not ("container" or "importer")) return;
        lock (_order) if (!_tasks.ContainsKey(update.Path)) _order.Add(update.Path);
        _tasks[update.Path] = update;
        if (update.State == TaskState.Running) _runningSince.TryAdd(update.Path, update.At);
        if (!_live && update.State != TaskState.Pending) Console.Out.WriteLine(PlainLine(update));
    }

    private string PlainLine(TaskUpdate u) => u.State switch
    {
        TaskState.Running => $"{u.Path}: running{(u.MaxAttempts > 1 ? $" (attempt {u.Attempt}/{u.MaxAttempts})" : "")}",
        TaskState.Retrying => $"{u.Path}: retried {u.Attempt}/{u.MaxAttempts - 1}: {u.Reason}",
        TaskState.Succeeded => $"{u.Path}: succeeded in {Elapsed(u):0.0} s",
        TaskState.Cached => $"{u.Path}: cached",
        TaskState.Failed => $"{u.Path}: failed: {u.Reason}",
        TaskState.Skipped => $"{u.Path}: skipped: {u.Reason}",
        _ => $"{u.Path}: {u.State.ToString().ToLowerInvariant()}",
    };

    private double Elapsed(TaskUpdate u) => _runningSince.TryGetValue(u.Path, out var since) ? (u.At - since).TotalSeconds : 0;

    private Table LiveTable()
    {
        var table = new Table().Border(TableBorder.None).AddColumn("task").AddColumn("state");
        List<string> order;
        lock (_order) order = _order.ToList();
        foreach (var path in order)
        {
            var u = _tasks[path];
            var state = u.State switch
            {
                TaskState.Running => $"[yellow]running {(DateTimeOffset.UtcNow - _runningSince.GetValueOrDefault(path, u.At)).TotalSeconds:0.0} s{(u.Attempt > 1 ? $" (retry {u.Attempt - 1}/{u.MaxAttempts - 1})" : "")}[/]",
                TaskState.Retrying => $"[yellow]retried {u.Attempt}/{u.MaxAttempts - 1}[/]",
                TaskState.Succeeded => "[green]succeeded[/]",
                TaskState.Cached => "[blue]cached[/]",
                TaskState.Failed => "[red]failed[/]",
                TaskState.Skipped => "[grey]skipped[/]",
                TaskState.Cancelled => "[red]cancelled[/]",
                _ => "[grey]pending[/]",
            };
            table.AddRow(Markup.Escape(path), state);
        }
        return table;
    }

    /// <summary>Draws the summary of a made-up one-task run to nowhere on a worker thread while the real run goes.
    /// The first drawing of a Spectre table costs a tenth of a second of JIT; without this it came after the last
    /// task, on every run's wall time. Nothing of the real summary is skipped or cached.</summary>
    private static Task WarmUpSummary() => Task.Run(() =>
    {
        var at = DateTimeOffset.UtcNow;
        var artifact = new RuntimeArtifact("/warm-up/model", "/warm-up/model", "system.Metrics", "0.0.1", new JsonObject { ["accuracy"] = 1.0 });
        var step = new TaskResult("warm-up", "warm-up", "warm-up", "container", TaskState.Succeeded, "ran: --no-cache", 1, at, TimeSpan.Zero,
            new Dictionary<string, JsonNode?> { ["Output"] = 1 }, new Dictionary<string, IReadOnlyList<RuntimeArtifact>> { ["model"] = [artifact] }, null, null, null);
        try
        {
            Summary(new RunResult("warm-up", "warm-up", "/warm-up", RunState.Succeeded, new Dictionary<string, JsonNode?>(), [step], [], at, TimeSpan.Zero), TextWriter.Null);
        }
        catch (Exception)
        {
            // Only a warm-up: the real summary runs the same code afterwards and reports any error itself.
        }
    });

    private static void Summary(RunResult result, TextWriter output)
    {
        var table = new Table().AddColumn("task").AddColumn("status").AddColumn("duration").AddColumn("output parameters").AddColumn("artifacts (in the run directory)").AddColumn("cache");
        foreach (var t in result.Steps.OrderBy(t => t.Started ?? DateTimeOffset.MaxValue).ThenBy(t => t.Path, StringComparer.Ordinal))
        {
            var parameters = string.Join("\n", t.OutputParameters.Select(p => $"{p.Key}={Short(p.Value)}"));
            var artifacts = string.Join("\n", t.OutputArtifacts.SelectMany(a => a.Value.Select(x => $"{a.Key}: {Relative(result.RunDirectory, x.LocalPath)}")));
            var status = t.State.ToString().ToLowerInvariant() + (t.State is TaskState.Skipped or TaskState.Failed && t.Reason is not null ? $" ({Short(t.Reason, 60)})" : "");
            var cache = t.State is TaskState.Succeeded or TaskState.Cached ? t.Reason ?? "" : "";
            table.AddRow(Markup.Escape(t.Path), Markup.Escape(status), $"{t.Duration.TotalSeconds:0.0} s", Markup.Escape(parameters), Markup.Escape(artifacts), Markup.Escape(cache));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // Redirected output has no width: do not wrap paths at 80 columns in logs.
        if (Console.IsOutputRedirected) console.Profile.Width = 240;
        console.Write(table);
        // Metrics artifacts (system.Metrics) carry their values in metadata: show them.
        foreach (var t in result.Steps.Where(t => t.State is TaskState.Succeeded or TaskState.Cached))
        {
            foreach (var (name, list) in t.OutputArtifacts)
            {
                foreach (var a in list.Where(a => a.SchemaTitle == "system.Metrics" && a.Metadata.Count > 0))
                    output.WriteLine($"{t.Path} {name}: {string.Join(", ", a.Metadata.Select(m => $"{m.Key}={Short(m.Value)}"))}");
            }
        }

        foreach (var failed in result.Steps.Where(t => t.State == TaskState.Failed))
        {
            output.WriteLine($"task {failed.Path} failed: {failed.Reason}");
            foreach (var log in new[] { failed.StderrPath, failed.StdoutPath })
            {
                if (log is not null && File.Exists(log) && File.ReadAllLines(log) is { Length: > 0 } lines)
                {
                    output.WriteLine($"  last lines of {log}:");
                    foreach (var line in lines.TakeLast(15)) output.WriteLine("    " + line);
                }
            }
        }
        output.WriteLine($"run {result.State.ToString().ToLowerInvariant()} in {result.Duration.TotalSeconds:0.0} s: {result.RunDirectory} (run.json, per-task stdout.log/stderr.log)");
    }

    /// <summary>Paths under the run directory relative to it; others (cached results of earlier runs) whole.</summary>
    private static string Relative(string runDirectory, string path)
    {
        var relative = Path.GetRelativePath(runDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string Short(JsonNode? value) => Short(value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "null", 80);

    private static string Short(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

}
