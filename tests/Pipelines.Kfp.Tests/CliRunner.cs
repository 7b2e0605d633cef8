using System.Diagnostics;

namespace Pipelines.Kfp.Tests;

/// <summary>What one run of the `pipelines` tool printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Runs the built `pipelines` tool as a child process, output redirected.</summary>
internal static class CliRunner
{
    /// <summary>pipelines.dll in Pipelines.Cli's build output (recorded at build time, same configuration).</summary>
    private static readonly string CliPath = Path.GetFullPath(typeof(CliRunner).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PipelinesCli").Value!);

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The machine's own KFP settings must not leak into a test.
        foreach (var name in new[] { TokenSource.TokenVariable, TokenSource.TokenPathVariable }) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"pipelines {string.Join(' ', args)} did not finish in 60 s");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
