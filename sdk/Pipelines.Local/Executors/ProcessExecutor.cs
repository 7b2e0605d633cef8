using System.Diagnostics;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// Process mode: runs our .NET components as child processes, exactly as KFP's launcher starts
/// them (<c>dotnet &lt;app&gt;.dll --executor_input … --function_to_execute …</c>), with the
/// container's app path (<c>/app/X.dll</c>) mapped to the build output holding <c>X.dll</c>.
/// <para>Before anything runs, every component the YAML names must be in the app: <c>dotnet X.dll --list</c>
/// says which are. That start of the app costs as much as a task's (a tenth of a second or more, on
/// the run's critical path), so the answer is remembered in <paramref name="listingsDirectory"/>, keyed
/// by the app folder's assemblies and JSON files (path, size, time written): a rebuilt app is listed again.</para>
/// </summary>
internal sealed class ProcessExecutor(string appDirectory, string? listingsDirectory = null) : ITaskExecutor
{
    private readonly Dictionary<string, HashSet<string>> _componentsByApp = new(StringComparer.Ordinal);

    public string AppDirectory { get; } = appDirectory;

    public async Task PrepareAsync(PipelinePackage package, IReadOnlyCollection<ContainerExecutor> executors, CancellationToken cancellationToken)
    {
        foreach (var executor in executors)
        {
            var dll = LocalApp(executor, out var why)
                ?? throw new LocalRunException(LocalDiagnostics.ComponentNotInApp, $"executor '{executor.Label}' (image {executor.Image}) {why}; run it with --mode docker");
            var function = FunctionName(executor);
            if (function is null) continue;
            if (!_componentsByApp.TryGetValue(dll, out var known))
                _componentsByApp[dll] = known = await ComponentsOfAsync(dll, cancellationToken);
            if (!known.Contains(function))
                throw new LocalRunException(LocalDiagnostics.ComponentNotInApp, $"executor '{executor.Label}': component '{function}' is not in {dll} (it has: {string.Join(", ", known.Order())}); rebuild the app or run with --mode docker");
        }
    }

    public IEnumerable<string> Notices(IReadOnlyCollection<ContainerExecutor> executors)
    {
        var limited = executors.Where(e => e.CpuLimit is not null || e.MemoryLimit is not null || e.AcceleratorCount > 0).Select(e => e.Label).ToList();
        if (limited.Count > 0) yield return $"process mode does not apply cpu/memory/accelerator limits ({string.Join(", ", limited)}); --mode docker does";
    }

    /// <summary>The local dll for an executor's <c>dotnet /app/X.dll</c> command, or null with the reason.</summary>
    private string? LocalApp(ContainerExecutor executor, out string why)
    {
        var command = executor.Command.Select(c => c?.ToString() ?? "").ToList();
        if (command.Count < 2 || command[0] != "dotnet" || !command[1].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            why = $"is not a .NET component of this app (command: {string.Join(' ', command)})";
            return null;
        }
        var local = Path.Combine(AppDirectory, Path.GetFileName(command[1]));
        if (!File.Exists(local))
        {
            why = $"runs {command[1]}, which is not in the app folder {AppDirectory}";
            return null;
        }
        why = "";
        return local;
    }

    private static string? FunctionName(ContainerExecutor executor)
    {
        var args = executor.Args.Select(a => a?.ToString() ?? "").ToList();
        var i = args.IndexOf("--function_to_execute");
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    private async Task<HashSet<string>> ComponentsOfAsync(string dll, CancellationToken cancellationToken)
    {
        var remembered = listingsDirectory is null ? null : Path.Combine(listingsDirectory, ListingKey(dll) + ".txt");
        if (remembered is not null && File.Exists(remembered))
        {
            try { return File.ReadAllLines(remembered).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal); }
            catch (IOException) { /* list again */ }
        }
        var components = await ListComponentsAsync(dll, cancellationToken);
        if (remembered is not null)
        {
            try
            {
                Directory.CreateDirectory(listingsDirectory!);
                var temp = $"{remembered}.{Guid.NewGuid():N}.tmp";
                File.WriteAllLines(temp, components.Order(StringComparer.Ordinal));
                File.Move(temp, remembered, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* not remembered: listed again next run */ }
        }
        return components;
    }

    /// <summary>What the listing of <paramref name="dll"/> depends on: the app's assemblies (its own and the
    /// libraries whose components it registers) and its deps/runtimeconfig JSON, by path, size and time written.</summary>
    private static string ListingKey(string dll)
    {
        var identity = new System.Text.StringBuilder().Append(Path.GetFullPath(dll)).Append('\n');
        foreach (var file in new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(dll))!).EnumerateFiles()
                     .Where(f => f.Extension is ".dll" or ".json").OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            identity.Append(file.Name).Append('|').Append(file.Length).Append('|').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity.ToString())))[..32];
    }

    private static async Task<HashSet<string>> ListComponentsAsync(string dll, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--list");
        using var process = Process.Start(start) ?? throw new LocalRunException(LocalDiagnostics.ComponentNotInApp, $"cannot start dotnet {dll} --list");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new LocalRunException(LocalDiagnostics.ComponentNotInApp, $"{dll} is not a pipeline app ('--list' exited with {process.ExitCode}: {(await stderr).Trim()})");
        return (await stdout).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("component ", StringComparison.Ordinal))
            .Select(l => l["component ".Length..].Trim()).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<ExecutionResult> RunAsync(TaskExecution execution, CancellationToken cancellationToken)
    {
        var line = execution.CommandLine;
        var dll = LocalApp(execution.Executor, out var why) ?? throw new LocalRunException(LocalDiagnostics.ComponentNotInApp, why);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = execution.TaskDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in line.Skip(2)) start.ArgumentList.Add(arg);
        foreach (var (k, v) in execution.Environment) start.Environment[k] = v;

        await using var stdout = new FileStream(execution.StdoutPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        await using var stderr = new FileStream(execution.StderrPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ExecutionResult(-1, $"cannot start dotnet: {e.Message}");
        }
        var pumpOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, CancellationToken.None);
        var pumpErr = process.StandardError.BaseStream.CopyToAsync(stderr, CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(pumpOut, pumpErr);
            throw;
        }
        await Task.WhenAll(pumpOut, pumpErr);
        return new ExecutionResult(process.ExitCode);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
