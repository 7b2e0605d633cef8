using System.Diagnostics;
using System.Text;

namespace Pipelines.Sdk.Tests.Infrastructure;

internal sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public CommandResult AssertSuccess(string what)
    {
        if (ExitCode != 0) Assert.Fail($"{what} failed with exit code {ExitCode}:\n{Tail(Output)}");
        return this;
    }

    public static string Tail(string s, int lines = 60) => string.Join('\n', s.Split('\n').TakeLast(lines));
}

/// <summary>Runs real `dotnet` and shell commands for end-to-end tests, with the environment a
/// user's shell would have: none of the test host's MSBuild variables, no node reuse.</summary>
internal static class DotnetCli
{
    public static CommandResult Run(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? env = null, int timeoutSeconds = 600)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            start.Environment.Remove(name);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{fileName} {string.Join(' ', args)}' did not finish in {timeoutSeconds} s:\n{CommandResult.Tail(output.ToString())}");
        }
        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.ToString(), watch.Elapsed);
    }

    public static CommandResult Dotnet(string workingDirectory, params string[] args) => Run("dotnet", args, workingDirectory);
}
