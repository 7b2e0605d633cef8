using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// Interprets a pipeline's DAGs as KFP's driver does: a task starts when its upstream tasks are
/// done; a failed task stops its dependants and nothing else; tasks with
/// <c>ALL_UPSTREAM_TASKS_COMPLETED</c> (exit handlers, <c>ignore_upstream_failure</c>) run anyway;
/// conditions gate a task on its resolved inputs; loops run their body once per item (bounded by
/// <c>parallelismLimit</c>) and collect its outputs; container attempts share one pool of
/// <c>--parallel</c> slots.
/// </summary>
internal sealed partial class RunEngine
{
    private readonly PipelinePackage _package;
    private readonly RunOptions _options;
    private readonly ITaskExecutor _executor;
    private readonly CacheStore _cache;
    private readonly RunRecorder _recorder;
    private readonly SemaphoreSlim _slots;
    private readonly string _runDirectory;
    private readonly string _runId;
    private readonly RunPlaceholders _placeholders;

    public RunEngine(PipelinePackage package, RunOptions options, ITaskExecutor executor, CacheStore cache, RunRecorder recorder, string runDirectory, string runId)
    {
        _package = package;
        _options = options;
        _executor = executor;
        _cache = cache;
        _recorder = recorder;
        _runDirectory = runDirectory;
        _runId = runId;
        _placeholders = new RunPlaceholders(package.Name, runId, runDirectory, DateTimeOffset.UtcNow);
        _slots = new SemaphoreSlim(Math.Max(1, options.Parallelism));
    }

    /// <summary>One level of DAG: the component inputs its tasks read, and its path in the run.</summary>
    private sealed record Scope(string Path, IReadOnlyDictionary<string, JsonNode?> Parameters, IReadOnlyDictionary<string, IReadOnlyList<RuntimeArtifact>> Artifacts)
    {
        public string Child(string name) => Path.Length == 0 ? name : Path + "/" + name;
    }

    public async Task<TaskOutcome> RunRootAsync(IReadOnlyDictionary<string, JsonNode?> parameters, CancellationToken cancellationToken)
    {
        var scope = new Scope("", parameters, new Dictionary<string, IReadOnlyList<RuntimeArtifact>>());
        return await RunDagAsync(_package.Root, scope, cancellationToken);
    }

    private async Task<TaskOutcome> RunDagAsync(ComponentSpec component, Scope scope, CancellationToken cancellationToken)
    {
        var dag = component.Dag!;
        var running = new Dictionary<string, Task<TaskOutcome>>(StringComparer.Ordinal);
        var records = dag.Tasks.Values.ToDictionary(t => t.Name, t => _recorder.Add(scope.Child(t.Name), t.Name, t.DisplayName, KindOf(t)), StringComparer.Ordinal);
        foreach (var task in TopologicalOrder(dag))
            running[task.Name] = RunTaskAsync(task, records[task.Name], scope, running, cancellationToken);
        await Task.WhenAll(running.Values);
        var outcomes = running.ToDictionary(p => p.Key, p => p.Value.Result, StringComparer.Ordinal);

        var failed = outcomes.Where(o => o.Value.State is TaskState.Failed or TaskState.Cancelled || (o.Value.PropagatesFailure && o.Value.State == TaskState.Skipped)).ToList();
        if (failed.Count > 0)
        {
            var cancelled = failed.All(f => f.Value.State == TaskState.Cancelled);
            var error = string.Join("; ", failed.Where(f => f.Value.State == TaskState.Failed).Select(f => $"{f.Key}: {f.Value.Error}"));
            return cancelled ? TaskOutcome.Cancelled() : TaskOutcome.Failed(error.Length > 0 ? error : "a task failed");
        }

        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var collected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, selectors) in dag.Outputs.Parameters)
        {
            foreach (var s in selectors)
            {
                if (outcomes.TryGetValue(s.ProducerSubtask, out var o) && o.Ran && o.Parameters.TryGetValue(s.Key, out var v))
                {
                    parameters[name] = v?.DeepClone();
                    if (o.IsLoop) collected.Add(name);
                    break;
                }
            }
        }

        var artifacts = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(StringComparer.Ordinal);
        foreach (var (name, selectors) in dag.Outputs.Artifacts)
        {
            foreach (var s in selectors)
            {
                if (outcomes.TryGetValue(s.ProducerSubtask, out var o) && o.Ran && o.Artifacts.TryGetValue(s.Key, out var list))
                {
                    artifacts[name] = list;
                    break;
                }
            }
        }

        return new TaskOutcome(TaskState.Succeeded, parameters, artifacts, null) { CollectedKeys = collected };
    }

    private string KindOf(TaskSpec task)
    {
        if (task.Iterator is not null) return "loop";
        var component = _package.Component(task.ComponentName);
        if (component.Dag is not null) return "dag";
        return _package.Executors[component.ExecutorLabel!] is ImporterExecutor ? "importer" : "container";
    }

    private static IEnumerable<TaskSpec> TopologicalOrder(DagSpec dag)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<TaskSpec>();
        void Visit(TaskSpec t, HashSet<string> path)
        {
            if (done.Contains(t.Name)) return;
            if (!path.Add(t.Name)) throw new LocalRunException(LocalDiagnostics.NotKfpIr, $"tasks depend on each other in a cycle through '{t.Name}'");
            foreach (var up in t.Upstream()) Visit(dag.Tasks[up], path);
            path.Remove(t.Name);
            done.Add(t.Name);
            order.Add(t);
        }
        foreach (var t in dag.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal)) Visit(t, []);
        return order;
    }

    private async Task<TaskOutcome> RunTaskAsync(TaskSpec task, TaskRecord record, Scope scope, Dictionary<string, Task<TaskOutcome>> running, CancellationToken cancellationToken)
    {
        var upstream = new Dictionary<string, TaskOutcome>(StringComparer.Ordinal);
        foreach (var up in task.Upstream()) upstream[up] = await running[up];
        await Task.Yield();
        TaskOutcome outcome;
        try
        {
            outcome = await RunTaskCoreAsync(task, record, scope, upstream, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            outcome = TaskOutcome.Cancelled(record.Attempts > 0 ? "stopped: the run was cancelled" : NotStarted(task));
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or LocalRunException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            outcome = TaskOutcome.Failed(e is LocalRunException l ? $"{l.Code}: {l.Message}" : e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An engine bug must fail this task, not the whole run: the record says what happened.
            outcome = TaskOutcome.Failed($"internal error: {e}");
        }
        _recorder.Finish(record, outcome);
        return outcome;
    }

    private async Task<TaskOutcome> RunTaskCoreAsync(TaskSpec task, TaskRecord record, Scope scope, Dictionary<string, TaskOutcome> upstream, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return TaskOutcome.Cancelled(NotStarted(task));
        if (!task.RunsAfterUpstreamFailure)
        {
            if (upstream.FirstOrDefault(u => u.Value.PropagatesFailure) is { Key: not null } failed)
                return TaskOutcome.Skipped($"upstream task '{failed.Key}' {(failed.Value.State == TaskState.Skipped ? "did not run" : failed.Value.State.ToString().ToLowerInvariant())}", propagatesFailure: true);
            if (upstream.FirstOrDefault(u => !u.Value.Ran) is { Key: not null } notRun)
                return TaskOutcome.Skipped($"upstream task '{notRun.Key}' did not run", propagatesFailure: false);
        }

        var component = _package.Component(task.ComponentName);
        var parameters = ResolveParameters(task, scope, upstream);
        var artifacts = ResolveArtifacts(task, scope, upstream);

        if (task.Condition is { } condition)
        {
            bool pass;
            try { pass = CelEvaluator.EvaluateCondition(condition, parameters); }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException) { return TaskOutcome.Failed($"condition cannot be evaluated: {e.Message}"); }
            if (!pass) return TaskOutcome.Skipped($"condition is false: {condition}", propagatesFailure: false);
        }

        var path = scope.Child(task.Name);
        if (task.Iterator is { } iterator)
            return await RunLoopAsync(task, iterator, component, record, path, parameters, artifacts, cancellationToken);
        if (component.Dag is not null)
        {
            _recorder.Start(record);
            return await RunDagAsync(component, new Scope(path, parameters, artifacts), cancellationToken);
        }
        return _package.Executors[component.ExecutorLabel!] switch
        {
            ContainerExecutor container => await RunContainerAsync(task, component, container, record, path, parameters, artifacts, scope, upstream, cancellationToken),
            ImporterExecutor importer => RunImporter(component, importer, record, parameters),
            _ => TaskOutcome.Failed("unknown executor kind"),
        };
    }

    /// <summary>Why a task did not start once the run is cancelled. Exit handlers (and other tasks that run after
    /// upstream failures) do not run either: Kubeflow terminates a run by setting its Argo workflow's
    /// <c>activeDeadlineSeconds</c> to 0, after which Argo starts no pod, the exit handler's included
    /// (kubeflow/pipelines#6101: "Step exceeded its deadline"). See docs/local-runs.md, "Cancelling a run".</summary>
    private static string NotStarted(TaskSpec task) => task.RunsAfterUpstreamFailure
        ? "not run: the run was cancelled (a cancelled run starts no exit handler, as on Kubeflow)"
        : "not started: the run was cancelled";

    private Dictionary<string, JsonNode?> ResolveParameters(TaskSpec task, Scope scope, Dictionary<string, TaskOutcome> upstream)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, source) in task.Parameters)
        {
            JsonNode? value;
            var found = true;
            switch (source)
            {
                case ParameterSource.FromComponentInput c:
                    found = scope.Parameters.TryGetValue(c.Name, out value);
                    break;
                case ParameterSource.FromTaskOutput t:
                    var producer = upstream[t.Producer];
                    found = producer.Parameters.TryGetValue(t.Key, out value);
                    break;
                case ParameterSource.Constant k:
                    value = _placeholders.Resolve(k.Value, task);
                    break;
                case ParameterSource.TaskFinalStatus f:
                    value = FinalStatus(f.Producer, upstream[f.Producer]);
                    break;
                default:
                    continue;
            }
            if (!found) continue;
            if (source.Selector is { } selector) value = ApplySelector(selector, value);
            result[name] = value?.DeepClone();
        }
        return result;
    }

    private JsonObject FinalStatus(string producer, TaskOutcome outcome)
    {
        var state = outcome.State switch
        {
            TaskState.Succeeded or TaskState.Cached => "SUCCEEDED",
            TaskState.Cancelled => "CANCELLED",
            TaskState.Skipped when !outcome.PropagatesFailure => "SUCCEEDED",
            _ => "FAILED",
        };
        var status = new JsonObject
        {
            ["state"] = state,
            ["pipelineJobResourceName"] = $"{_package.Name}-{_runId}",
            ["pipelineTaskName"] = producer,
        };
        if (state != "SUCCEEDED")
            status["error"] = new JsonObject { ["code"] = state == "CANCELLED" ? 1 : 2, ["message"] = outcome.Error ?? state.ToLowerInvariant() };
        return status;
    }

    /// <summary><c>parameterExpressionSelector</c>: KFP's CEL over the value (<c>parseJson(string_value)["f"]</c>, <c>struct_value["f"]</c>...).</summary>
    private static JsonNode? ApplySelector(string selector, JsonNode? value)
    {
        var m = FieldSelector().Match(selector);
        if (m.Success)
        {
            var node = value;
            if (node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String) node = JsonNode.Parse(v.GetValue<string>());
            foreach (Capture c in m.Groups["field"].Captures)
                node = node is JsonObject o ? o[c.Value] : node is JsonArray a && int.TryParse(c.Value, out var i) && i < a.Count ? a[i] : throw new FormatException($"selector '{selector}' finds nothing in {value?.ToJsonString()}");
            return node?.DeepClone();
        }
        // Other selectors: CEL over the value, bound as KFP binds it (string_value, number_value, struct_value, list_value).
        var variables = new Dictionary<string, object?>
        {
            ["string_value"] = value is JsonValue sv && sv.GetValueKind() == System.Text.Json.JsonValueKind.String ? sv.GetValue<string>() : value?.ToJsonString() ?? "",
            ["number_value"] = value is JsonValue nv && nv.GetValueKind() == System.Text.Json.JsonValueKind.Number ? ParameterValues.AsDouble(nv) : 0.0,
            ["bool_value"] = value is JsonValue bv && bv.GetValueKind() is System.Text.Json.JsonValueKind.True,
            ["struct_value"] = value is JsonObject ? CelEvaluator.FromJson(value) : null,
            ["list_value"] = value is JsonArray ? CelEvaluator.FromJson(value) : null,
        };
        var result = CelEvaluator.Evaluate(selector, variables);
        return CelEvaluator.ToJson(result);
    }

    [GeneratedRegex(@"^\s*(?:parseJson\(string_value\)|struct_value|list_value)(?:\[[""']?(?<field>[^""'\]]+)[""']?\])+\s*$")]
    private static partial Regex FieldSelector();

    private static Dictionary<string, IReadOnlyList<RuntimeArtifact>> ResolveArtifacts(TaskSpec task, Scope scope, Dictionary<string, TaskOutcome> upstream)
    {
        var result = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(StringComparer.Ordinal);
        foreach (var (name, source) in task.Artifacts)
        {
            var list = source switch
            {
                ArtifactSource.FromComponentInput c => scope.Artifacts.GetValueOrDefault(c.Name),
                ArtifactSource.FromTaskOutput t => upstream[t.Producer].Artifacts.GetValueOrDefault(t.Key),
                _ => null,
            };
            if (list is not null) result[name] = list;
        }
        return result;
    }

    private async Task<TaskOutcome> RunLoopAsync(TaskSpec task, IteratorSpec iterator, ComponentSpec body, TaskRecord record, string path,
        Dictionary<string, JsonNode?> parameters, Dictionary<string, IReadOnlyList<RuntimeArtifact>> artifacts, CancellationToken cancellationToken)
    {
        if (body.Dag is null) return TaskOutcome.Failed("a loop's component must be a DAG");
        var items = new List<(JsonNode? Parameter, RuntimeArtifact? Artifact)>();
        if (iterator.OverArtifacts)
        {
            if (iterator.InputName is null || !artifacts.TryGetValue(iterator.InputName, out var list)) return TaskOutcome.Failed($"loop input artifact '{iterator.InputName}' has no value");
            items.AddRange(list.Select(a => ((JsonNode?)null, (RuntimeArtifact?)a)));
        }
        else
        {
            JsonNode? source = iterator.RawItems;
            if (source is null && (iterator.InputName is null || !parameters.TryGetValue(iterator.InputName, out source)))
                return TaskOutcome.Failed($"loop input '{iterator.InputName}' has no value");
            if (source is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String) source = JsonNode.Parse(text.GetValue<string>());
            if (source is not JsonArray array) return TaskOutcome.Failed($"loop items are not a list: {source?.ToJsonString()}");
            items.AddRange(array.Select(i => (i?.DeepClone(), (RuntimeArtifact?)null)));
        }

        _recorder.Start(record);
        using var gate = new SemaphoreSlim(iterator.ParallelismLimit > 0 ? iterator.ParallelismLimit : Math.Max(1, items.Count));
        var iterations = items.Select(async (item, index) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var p = new Dictionary<string, JsonNode?>(parameters, StringComparer.Ordinal);
                var a = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(artifacts, StringComparer.Ordinal);
                if (item.Artifact is { } artifact) a[iterator.ItemInput] = [artifact];
                else p[iterator.ItemInput] = item.Parameter;
                return await RunDagAsync(body, new Scope($"{path}/{index}", p, a), cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        TaskOutcome[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(iterations);
        }
        catch (OperationCanceledException)
        {
            return TaskOutcome.Cancelled();
        }
        var failed = outcomes.Select((o, i) => (o, i)).Where(x => x.o.PropagatesFailure).ToList();
        if (failed.Count > 0)
        {
            return failed.All(f => f.o.State == TaskState.Cancelled) ? TaskOutcome.Cancelled()
                : TaskOutcome.Failed(string.Join("; ", failed.Where(f => f.o.State != TaskState.Cancelled).Select(f => $"iteration {f.i}: {f.o.Error}")));
        }

        // Collected fan-in: one list per body output, in item order, skipping iterations that did not produce it.
        var collectedParameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var name in body.Dag.Outputs.Parameters.Keys)
        {
            var values = new JsonArray();
            foreach (var o in outcomes)
            {
                if (o.Parameters.TryGetValue(name, out var v))
                {
                    if (o.CollectedKeys.Contains(name) && v is JsonArray inner) foreach (var x in inner) values.Add(x?.DeepClone());
                    else values.Add(v?.DeepClone());
                }
            }

            collectedParameters[name] = values;
        }
        var collectedArtifacts = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(StringComparer.Ordinal);
        foreach (var name in body.Dag.Outputs.Artifacts.Keys)
            collectedArtifacts[name] = outcomes.SelectMany(o => o.Artifacts.GetValueOrDefault(name) ?? []).ToList();
        return new TaskOutcome(TaskState.Succeeded, collectedParameters, collectedArtifacts, null, IsLoop: true);
    }

    private TaskOutcome RunImporter(ComponentSpec component, ImporterExecutor importer, TaskRecord record, Dictionary<string, JsonNode?> parameters)
    {
        _recorder.Start(record);
        var uri = importer.ConstantUri ?? (importer.UriParameter is { } p && parameters.TryGetValue(p, out var v) ? ParameterValues.ToText(v) : null);
        if (uri is null) return TaskOutcome.Failed("the importer has no URI");
        var local = ImporterUris.ToLocal(uri);
        var key = component.Outputs.Artifacts.Keys.FirstOrDefault() ?? "artifact";
        var metadata = (JsonObject)importer.Metadata.DeepClone();
        var artifact = new RuntimeArtifact(local, local, importer.SchemaTitle, importer.SchemaVersion, metadata);
        var outputs = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>(StringComparer.Ordinal) { [key] = [artifact] };
        return new TaskOutcome(TaskState.Succeeded, new Dictionary<string, JsonNode?>(), outputs, null);
    }
}
