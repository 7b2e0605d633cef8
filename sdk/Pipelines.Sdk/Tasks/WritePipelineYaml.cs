using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Pipelines.Sdk.Manifest;
using Pipelines.Sdk.Yaml;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Traces every <c>[Pipeline]</c> by running the built program in a child process
/// (<c>dotnet app.dll --emit-pipelines</c>: user code never loads into the build), then writes
/// each pipeline's KFP IR as <c>pipelines/&lt;name&gt;.yaml</c>, version-stamped.
/// </summary>
public sealed partial class WritePipelineYaml : Task
{
    /// <summary>The built program (<c>$(TargetPath)</c>).</summary>
    [Required] public string AppPath { get; set; } = "";
    /// <summary>The component → image/command map written by <see cref="WriteComponentYaml"/>.</summary>
    [Required] public string ExecutorsFile { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    /// <summary>Scratch folder for the traced JSON.</summary>
    [Required] public string IntermediateDirectory { get; set; } = "";
    /// <summary>The dotnet host; MSBuild passes <c>$(DOTNET_HOST_PATH)</c>.</summary>
    public string? DotnetHost { get; set; }
    public string? Version { get; set; }
    /// <summary>Milliseconds to wait for the traced program.</summary>
    public int TimeoutMilliseconds { get; set; } = 120_000;

    [Output] public ITaskItem[] PipelineFiles { get; private set; } = [];

    public override bool Execute()
    {
        string traceDir = Path.Combine(IntermediateDirectory, "traced");
        try
        {
            if (Directory.Exists(traceDir)) Directory.Delete(traceDir, recursive: true);
        }
        catch (IOException e)
        {
            Log.LogError(null, SdkDiagnostics.WriteFailed, null, null, 0, 0, 0, 0, $"Cannot clear '{traceDir}': {e.Message}");
            return false;
        }

        if (!Trace(traceDir)) return false;

        var files = new List<ITaskItem>();
        try
        {
            foreach (var json in (Directory.Exists(traceDir) ? Directory.GetFiles(traceDir, "*.json") : []).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileNameWithoutExtension(json);
                if (JsonNode.Parse(File.ReadAllText(json)) is not JsonObject spec)
                {
                    Log.LogError(null, SdkDiagnostics.BadPipelineIr, null, json, 0, 0, 0, 0, $"The traced IR of pipeline '{name}' is not a JSON object.");
                    continue;
                }
                VersionStamp.Apply(spec, Version);
                string path = Path.Combine(OutputDirectory, name + ".yaml");
                if (AtomicFile.WriteAllTextIfChanged(path, IrYaml.Write([spec], IrHeader.For(spec, Version))))
                    Log.LogMessage(MessageImportance.Low, $"Wrote {path}");
                files.Add(new Microsoft.Build.Utilities.TaskItem(path, new Dictionary<string, string> { ["Pipeline"] = name }));
            }
            if (Log.HasLoggedErrors) return false;
            AtomicFile.DeleteStale(OutputDirectory, "*.yaml", files.Select(f => f.ItemSpec));
        }
        catch (JsonException e)
        {
            Log.LogError(null, SdkDiagnostics.BadPipelineIr, null, traceDir, 0, 0, 0, 0, $"The traced pipeline IR is not valid JSON: {e.Message}");
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, SdkDiagnostics.WriteFailed, null, null, 0, 0, 0, 0, $"Cannot write pipeline YAML to '{OutputDirectory}': {e.Message}");
            return false;
        }

        PipelineFiles = files.ToArray();
        foreach (var f in files) Log.LogMessage(MessageImportance.High, $"  pipeline {f.GetMetadata("Pipeline")} -> {f.ItemSpec}");
        return true;
    }

    private bool Trace(string traceDir)
    {
        var start = new ProcessStartInfo(string.IsNullOrEmpty(DotnetHost) ? "dotnet" : DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { AppPath, "--emit-pipelines", traceDir, "--executors", ExecutorsFile })
            start.ArgumentList.Add(arg);
        // The traced program is the user's app: keep MSBuild's own variables out of it.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");

        Log.LogMessage(MessageImportance.Low, $"Tracing pipelines: {start.FileName} {string.Join(' ', start.ArgumentList)}");
        using var process = new Process { StartInfo = start };
        var errors = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Log.LogMessage(MessageImportance.Low, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (errors) errors.Add(line); };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.LogError(null, SdkDiagnostics.TraceFailed, null, AppPath, 0, 0, 0, 0, $"Cannot start '{start.FileName}' to trace the pipelines: {e.Message}");
            return false;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeoutMilliseconds))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            Log.LogError(null, SdkDiagnostics.TraceFailed, null, AppPath, 0, 0, 0, 0,
                $"Tracing the pipelines took longer than {TimeoutMilliseconds / 1000} s: does a [Pipeline] method wait on something?");
            return false;
        }
        process.WaitForExit(); // flush the asynchronous readers

        bool reported = false;
        foreach (var line in errors)
        {
            var m = CanonicalError().Match(line);
            if (m.Success)
            {
                Log.LogError(null, m.Groups["code"].Value, null, AppPath, 0, 0, 0, 0, m.Groups["message"].Value);
                reported = true;
            }
            else if (line.Length > 0)
            {
                Log.LogMessage(MessageImportance.High, line);
            }
        }
        if (process.ExitCode != 0)
        {
            if (!reported)
                Log.LogError(null, SdkDiagnostics.TraceFailed, null, AppPath, 0, 0, 0, 0,
                    $"Tracing the pipelines failed (exit code {process.ExitCode}). Is the generated entry point disabled (PipelinesGenerateEntryPoint=false) or replaced by another Main?");
            return false;
        }
        return true;
    }

    [GeneratedRegex("^error (?<code>PIPE[0-9]{4}): (?<message>.*)$")]
    private static partial Regex CanonicalError();
}
