using System.Security.Cryptography;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// Runs a KFP v2 pipeline YAML on this machine. Bad input (not KFP IR, unknown pipeline, unknown,
/// ill-typed or missing parameters, a component this mode cannot run, a missing local secret,
/// Docker unreachable) throws <see cref="LocalRunException"/> before anything runs; task failures
/// are in the returned <see cref="RunResult"/>.
/// </summary>
public static class LocalRunner
{
    public static async Task<RunResult> RunAsync(string yamlPath, IReadOnlyDictionary<string, object?>? parameters = null, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        yamlPath = Path.GetFullPath(yamlPath);
        var package = IrReader.Read(yamlPath, out var yamlText);
        var picture = RunPicture.Start(yamlText);
        if (options.PipelineName is { } expected && expected != package.Name)
            throw new LocalRunException(LocalDiagnostics.UnknownPipeline, $"'{yamlPath}' holds pipeline '{package.Name}', not '{expected}'");
        var bound = ParameterBinder.Bind(package, parameters ?? new Dictionary<string, object?>());
        if (options.Parallelism < 1) throw new LocalRunException(LocalDiagnostics.BadOption, $"--parallel must be at least 1, not {options.Parallelism}");

        var reachable = Reachable(package);
        var containers = reachable.OfType<ContainerExecutor>().ToList();
        foreach (var importer in reachable.OfType<ImporterExecutor>())
            if (importer.ConstantUri is { } uri) ImporterUris.ToLocal(uri);
        CheckLocalSecrets(package, containers, options);

        var runsRoot = Path.GetFullPath(options.RunsRoot ?? Path.Combine(Environment.CurrentDirectory, "pipeline-runs"));
        var cacheRoot = Path.GetFullPath(options.CacheRoot ?? Path.Combine(runsRoot, ".cache"));
        await using var executor = options.Executor ?? (options.Mode == RunMode.Process
            ? new ProcessExecutor(options.AppDirectory ?? DefaultAppDirectory(yamlPath), Path.Combine(cacheRoot, ".apps"))
            : await DockerExecutor.ConnectAsync(options, yamlPath, cancellationToken));
        await executor.PrepareAsync(package, containers, cancellationToken);

        var runId = options.RunId ?? $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var runDirectory = Path.Combine(runsRoot, $"{package.Name}-{runId}");
        if (options.Mode == RunMode.Docker) RunDirectories.CheckReachableByContainerUser(runsRoot);
        Directory.CreateDirectory(runDirectory);
        if (options.Mode == RunMode.Docker) RunDirectories.OpenPathForContainerUser(runsRoot, runDirectory);
        picture.ShowPending(runDirectory);
        var cache = new CacheStore(cacheRoot);
        var recorder = new RunRecorder(package.Name, runId, runDirectory, bound, options.Observer);
        foreach (var notice in executor.Notices(containers).Concat(PlatformNotices(package, containers, options.Mode))) recorder.Notice(notice);
        recorder.Write(RunState.Running);

        var engine = new RunEngine(package, options, executor, cache, recorder, runDirectory, runId);
        var outcome = await engine.RunRootAsync(bound, cancellationToken);
        var state = cancellationToken.IsCancellationRequested ? RunState.Cancelled
            : outcome.PropagatesFailure ? RunState.Failed : RunState.Succeeded;
        await recorder.CompleteAsync(state);
        var result = recorder.Snapshot(state);
        await picture.WriteAsync(result, recorder.Notice);
        return result;
    }

    /// <summary>The build writes <c>&lt;output&gt;/pipelines/x.yaml</c> beside the app: the app is one folder up.</summary>
    public static string DefaultAppDirectory(string yamlPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(yamlPath))!;
        return Path.GetFileName(dir) == "pipelines" ? Path.GetDirectoryName(dir)! : dir;
    }

    /// <summary>The executors of the components reachable from the root DAG.</summary>
    private static List<ExecutorSpec> Reachable(PipelinePackage package)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var executors = new List<ExecutorSpec>();
        void Walk(ComponentSpec component)
        {
            if (component.Dag is { } dag)
            {
                foreach (var task in dag.Tasks.Values)
                    if (seen.Add(task.ComponentName)) Walk(package.Component(task.ComponentName));
            }
            else if (package.Executors.TryGetValue(component.ExecutorLabel!, out var e) && !executors.Contains(e))
            {
                executors.Add(e);
            }
        }
        Walk(package.Root);
        return executors;
    }

    private static void CheckLocalSecrets(PipelinePackage package, IEnumerable<ContainerExecutor> containers, RunOptions options)
    {
        foreach (var executor in containers)
        {
            if (!package.Platform.TryGetValue(executor.Label, out var platform)) continue;
            foreach (var (mounts, store, flag) in new[] { (platform.Secrets, options.Secrets, "--secret"), (platform.ConfigMaps, options.ConfigMaps, "--config-map") })
            {
                foreach (var m in mounts)
                {
                    if (m.Optional || m.Name.Constant is not { } name) continue;
                    if (!store.TryGetValue(name, out var values))
                    {
                        throw new LocalRunException(LocalDiagnostics.MissingSecret,
                            $"executor '{executor.Label}' needs {m.Kind} '{name}', which is not in the local {m.Kind}s: pass {flag} {name}.{(m.KeyToEnv.Count > 0 ? m.KeyToEnv[0].Key : "KEY")}=VALUE");
                    }

                    foreach (var (key, _) in m.KeyToEnv)
                    {
                        if (!values.ContainsKey(key))
                            throw new LocalRunException(LocalDiagnostics.MissingSecret, $"executor '{executor.Label}' needs key '{key}' of {m.Kind} '{name}': pass {flag} {name}.{key}=VALUE");
                    }
                }
            }
        }
    }

    private static IEnumerable<string> PlatformNotices(PipelinePackage package, IEnumerable<ContainerExecutor> containers, RunMode mode)
    {
        var byKind = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var executor in containers)
        {
            if (package.Platform.TryGetValue(executor.Label, out var platform))
            {
                foreach (var kind in platform.NotHonoured.Concat(mode == RunMode.Process && (platform.Directories.Count > 0
                             || platform.Secrets.Concat(platform.ConfigMaps).Any(m => m.MountPath is not null)) ? ["volume mount paths in process mode (use --mode docker)"] : []))
                {
                    if (!byKind.TryGetValue(kind, out var list)) byKind[kind] = list = [];
                    list.Add(executor.Label);
                }
            }
        }

        foreach (var component in package.Components.Values.Where(c => c.Passthroughs.Count > 0 && c.ExecutorLabel is not null))
        {
            foreach (var field in component.Passthroughs.Select(p => p.Field).Distinct(StringComparer.Ordinal))
            {
                var kind = $"TaskConfig passthrough {field} ({LocalTaskConfig.Gap(field)})";
                if (!byKind.TryGetValue(kind, out var list)) byKind[kind] = list = [];
                if (!list.Contains(component.ExecutorLabel!)) list.Add(component.ExecutorLabel!);
            }
        }

        foreach (var (kind, labels) in byKind)
            yield return $"not honoured locally: {kind} ({string.Join(", ", labels)})";
        if (package.WorkspaceSize is { } size)
            yield return $"not honoured locally: the run's {size} workspace (pipelineConfig.workspace); importers read their URI as without downloadToWorkspace";
    }

    /// <summary>Run parameters given as text (<c>--set k=v</c>).</summary>
    public static Task<RunResult> RunAsync(string yamlPath, IReadOnlyDictionary<string, string> parameters, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(yamlPath, parameters.ToDictionary(p => p.Key, p => (object?)p.Value), options, cancellationToken);

}
