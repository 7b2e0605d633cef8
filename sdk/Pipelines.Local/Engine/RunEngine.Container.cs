using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

internal sealed partial class RunEngine
{
    private async Task<TaskOutcome> RunContainerAsync(TaskSpec task, ComponentSpec component, ContainerExecutor executor, TaskRecord record, string path,
        Dictionary<string, JsonNode?> parameters, Dictionary<string, IReadOnlyList<RuntimeArtifact>> artifacts, Scope scope, Dictionary<string, TaskOutcome> upstream,
        CancellationToken cancellationToken)
    {
        // The driver's part: defaults filled in, values checked against the component's types.
        var inputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, definition) in component.Inputs.Parameters)
        {
            if (parameters.TryGetValue(name, out var value))
            {
                if (definition.Type == "TASK_FINAL_STATUS") inputs[name] = value;
                else if (ParameterValues.TryCoerce(value, definition.Type, out var coerced)) inputs[name] = coerced;
                else return TaskOutcome.Failed($"input parameter '{name}' is not a {definition.Type}: {value?.ToJsonString()}");
            }
            else if (definition.DefaultValue is not null)
            {
                inputs[name] = definition.DefaultValue.DeepClone();
            }
            else if (!definition.IsOptional)
            {
                return TaskOutcome.Failed($"input parameter '{name}' has no value");
            }
        }

        var taskDirectory = Path.Combine(_runDirectory, path);
        var executorInput = ExecutorInputBuilder.Build(component, inputs, artifacts, taskDirectory);
        var platform = _package.Platform.GetValueOrDefault(executor.Label) ?? PlatformSettings.None;
        var (environment, mounts, pvcNames) = ResolvePlatform(platform, executor, scope, upstream, taskDirectory);
        executor = WithPassthroughs(component, executor, executorInput, platform, environment, mounts);

        var key = CacheKey.Compute(component, executor, executorInput, task.CacheKey, pvcNames);
        record.CacheKey = key;
        string reason;
        if (!task.CacheEnabled)
        {
            reason = "ran: caching is off for this task";
        }
        else if (!_options.UseCache)
        {
            reason = "ran: --no-cache";
        }
        else if (_cache.TryGet(_package.Name, key, out var miss) is { } hit)
        {
            record.Reason = $"cached (run {hit.RunId})";
            return new TaskOutcome(TaskState.Cached, hit.Parameters, hit.Artifacts, null);
        }
        else
        {
            reason = "ran: " + miss;
        }

        Directory.CreateDirectory(Path.Combine(taskDirectory, ExecutorInputBuilder.OutputsFolder, "outputs"));
        if (_options.Mode == RunMode.Docker) RunDirectories.OpenForContainerUser(taskDirectory);
        record.StdoutPath = Path.Combine(taskDirectory, "stdout.log");
        record.StderrPath = Path.Combine(taskDirectory, "stderr.log");
        var maxAttempts = 1 + Math.Max(0, task.Retry?.MaxRetryCount ?? 0);
        var error = "";
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            var executorOutput = executorInput["outputs"]!["outputFile"]!.ToString();
            if (File.Exists(executorOutput)) File.Delete(executorOutput);
            var commandLine = Placeholders.Resolve(executor.Command.Concat(executor.Args), executorInput);
            var execution = new TaskExecution(path, taskDirectory, WithResolvedResources(executor, executorInput), commandLine, environment, mounts, record.StdoutPath, record.StderrPath);
            ExecutionResult result;
            await _slots.WaitAsync(cancellationToken);
            try
            {
                // Cancelling stops the running task, whose slot may pass to this waiter before its own wait sees the
                // cancellation (the token's callbacks run one after another): a cancelled run starts nothing.
                cancellationToken.ThrowIfCancellationRequested();
                _recorder.Running(record, attempt, maxAttempts);
                File.AppendAllText(record.StderrPath, attempt > 1 ? $"--- attempt {attempt}/{maxAttempts} ---\n" : "");
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (platform.Timeout is { } timeout) deadline.CancelAfter(timeout);
                try
                {
                    result = await _executor.RunAsync(execution, deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    result = new ExecutionResult(-1, $"timed out after {platform.Timeout}");
                }
            }
            finally
            {
                _slots.Release();
            }

            if (result.Succeeded)
            {
                try
                {
                    var (outParameters, outArtifacts) = OutputReader.Read(component, executorInput);
                    record.Reason = reason + (attempt > 1 ? $" (attempt {attempt}/{maxAttempts})" : "");
                    if (task.CacheEnabled) _cache.Put(_package.Name, key, outParameters, outArtifacts, _runId, path);
                    return new TaskOutcome(TaskState.Succeeded, outParameters, outArtifacts, null);
                }
                catch (InvalidDataException e)
                {
                    error = e.Message;
                }
            }
            else
            {
                error = result.Error ?? $"exited with code {result.ExitCode}";
            }

            if (attempt < maxAttempts)
            {
                _recorder.Retrying(record, attempt, maxAttempts, error);
                await Task.Delay(task.Retry!.DelayBefore(attempt), cancellationToken);
            }
        }
        return TaskOutcome.Failed(error + (maxAttempts > 1 ? $" (after {maxAttempts} attempts)" : ""));
    }

    /// <summary>Env (container env, secrets and config maps from the local maps), mounts (the runs
    /// root at the same path, PVCs and empty dirs as local directories) and PVC names for the cache key.</summary>
    private (Dictionary<string, string> Env, List<Mount> Mounts, List<string> PvcNames) ResolvePlatform(PlatformSettings platform, ContainerExecutor executor, Scope scope, Dictionary<string, TaskOutcome> upstream, string taskDirectory)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in executor.Env) env[k] = v;
        var mounts = new List<Mount> { new(RunsRoot, RunsRoot, false) };
        var pvcNames = new List<string>();

        string? NameOf(NameSource source) =>
            source.Constant
            ?? (source.ComponentInput is { } c && scope.Parameters.TryGetValue(c, out var v) ? ParameterValues.ToText(v) : null)
            ?? (source.Producer is { } p && upstream.TryGetValue(p, out var o) && o.Parameters.TryGetValue(source.ProducerKey ?? "", out var pv) ? ParameterValues.ToText(pv) : null);

        void Keyed(KeyedMount m, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> store)
        {
            var name = NameOf(m.Name) ?? throw new InvalidDataException($"{m.Kind} name cannot be resolved");
            if (!store.TryGetValue(name, out var values))
            {
                if (m.Optional) return;
                throw new LocalRunException(LocalDiagnostics.MissingSecret, $"{m.Kind} '{name}' is not in the local {m.Kind}s (pass --{(m.Kind == "secret" ? "secret" : "config-map")} {name}.KEY=VALUE)");
            }
            foreach (var (key, envVar) in m.KeyToEnv)
            {
                if (values.TryGetValue(key, out var value)) env[envVar] = value;
                else if (!m.Optional) throw new LocalRunException(LocalDiagnostics.MissingSecret, $"{m.Kind} '{name}' has no key '{key}' locally");
            }
            if (m.MountPath is { Length: > 0 } mountPath)
            {
                var dir = Path.Combine(taskDirectory, ".volumes", (m.Kind == "secret" ? "secret-" : "configmap-") + name);
                Directory.CreateDirectory(dir);
                foreach (var (key, value) in values) File.WriteAllText(Path.Combine(dir, key), value);
                if (_options.Mode == RunMode.Docker) RunDirectories.OpenForContainerUser(dir);
                mounts.Add(new Mount(dir, mountPath, true));
            }
        }
        foreach (var m in platform.Secrets) Keyed(m, _options.Secrets);
        foreach (var m in platform.ConfigMaps) Keyed(m, _options.ConfigMaps);
        foreach (var d in platform.Directories)
        {
            string dir;
            if (d.Kind == "pvc")
            {
                var name = (d.Name is null ? null : NameOf(d.Name)) ?? throw new InvalidDataException("PVC name cannot be resolved");
                pvcNames.Add(name);
                dir = Path.Combine(_runDirectory, ".volumes", "pvc-" + name);
            }
            else
            {
                dir = Path.Combine(taskDirectory, ".volumes", "emptydir-" + (d.Name?.Constant ?? d.MountPath.Trim('/').Replace('/', '-')));
            }

            Directory.CreateDirectory(dir);
            if (_options.Mode == RunMode.Docker) RunDirectories.OpenForContainerUser(dir);
            mounts.Add(new Mount(dir, d.MountPath, false));
        }
        return (env, mounts, pvcNames);
    }

    /// <summary>TaskConfig passthroughs (docs/local-runs.md#task-config): fills every <c>TASK_CONFIG</c> input with what the
    /// run knows of the task, and keeps the fields passed through without <c>applyToTask</c> off the task's process, as
    /// KFP's driver keeps them off the pod: its env variables, its volume mounts, its Docker resource limits.</summary>
    private static ContainerExecutor WithPassthroughs(ComponentSpec component, ContainerExecutor executor, JsonObject executorInput, PlatformSettings platform,
        Dictionary<string, string> environment, List<Mount> mounts)
    {
        var resolved = WithResolvedResources(executor, executorInput);
        foreach (var (name, definition) in component.Inputs.Parameters)
        {
            if (definition.Type == "TASK_CONFIG")
                executorInput["inputs"]!["parameterValues"]![name] = LocalTaskConfig.Value(component, resolved);
        }
        if (component.Passthroughs.Count == 0) return executor;

        if (LocalTaskConfig.Withheld(component, LocalTaskConfig.Env))
        {
            foreach (var (key, _) in executor.Env) environment.Remove(key);
            foreach (var envVar in platform.Secrets.Concat(platform.ConfigMaps).SelectMany(m => m.KeyToEnv.Select(k => k.Value))) environment.Remove(envVar);
        }
        if (LocalTaskConfig.Withheld(component, LocalTaskConfig.Volumes))
            mounts.RemoveRange(1, mounts.Count - 1); // the runs root stays: it is how artifacts reach the task, not a task setting
        return LocalTaskConfig.Withheld(component, LocalTaskConfig.Resources)
            ? executor with { CpuLimit = null, MemoryLimit = null, AcceleratorType = null, AcceleratorCount = 0, AcceleratorCountPlaceholder = null }
            : executor;
    }

    /// <summary>Limits and accelerator counts set from pipeline values are KFP placeholders
    /// (<c>{{$.inputs.parameters['pipelinechannel--cpu']}}</c>): substitute them from the task's
    /// inputs, as KFP's driver does when it builds the pod.</summary>
    internal static ContainerExecutor WithResolvedResources(ContainerExecutor executor, JsonObject executorInput)
    {
        string? Resolve(string? text) => text is not null && text.Contains("{{$", StringComparison.Ordinal)
            ? Placeholders.Resolve([JsonValue.Create(text)], executorInput).SingleOrDefault()
            : text;
        var count = executor.AcceleratorCountPlaceholder is { } placeholder
            ? int.TryParse(Resolve(placeholder), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0
            : executor.AcceleratorCount;
        return executor with { CpuLimit = Resolve(executor.CpuLimit), MemoryLimit = Resolve(executor.MemoryLimit), AcceleratorCount = count, AcceleratorCountPlaceholder = null };
    }

    private string RunsRoot => Path.GetDirectoryName(_runDirectory)!;
}
