using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Pipelines.Fingerprints;
using Pipelines.Sdk.Manifest;
using Pipelines.Sdk.Yaml;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Traces every <c>[Pipeline]</c> by running the built program in a child process
/// (<c>dotnet app.dll --emit-pipelines</c>: user code never loads into the build), then writes
/// each pipeline's KFP IR as <c>pipelines/&lt;name&gt;.yaml</c>, version-stamped.
/// The trace sees a placeholder instead of each component's image (<see cref="TraceExecutors"/>), and the images are
/// filled in afterwards, so the traced IR depends only on code: it is reused, not traced again, while the fingerprint of
/// what the trace can run (<see cref="PipelineTraceFingerprinter"/>: the entry point, the [Pipeline] methods and what they
/// reach, not the component bodies) is unchanged. The YAML still gets this build's image references every time.
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
    /// <summary>The compiled assembly in obj/ (<c>@(IntermediateAssembly)</c>), as <see cref="ImageFiles"/> names it: the trace's
    /// fingerprint walks it. Empty: <see cref="AppPath"/>.</summary>
    public string? AssemblyPath { get; set; }
    /// <summary>The app's files as the image step lays them out (<c>@(_PipelinesImageFile)</c>): what the trace's fingerprint
    /// is computed from. Empty: always trace.</summary>
    public ITaskItem[] ImageFiles { get; set; } = [];
    /// <summary>Where the fingerprints' code walks are kept for the next build (<c>WalkRecord</c> in Pipelines.Fingerprints):
    /// the same file as the image step's, which has walked the entry point or taken its walk in this process already.</summary>
    public string? WalkRecordFile { get; set; }
    /// <summary>Milliseconds to wait for the traced program.</summary>
    public int TimeoutMilliseconds { get; set; } = 120_000;

    [Microsoft.Build.Framework.Output] public ITaskItem[] PipelineFiles { get; private set; } = [];

    public override bool Execute()
    {
        var timings = new StepTimings();
        var traceDir = Path.Combine(IntermediateDirectory, "traced");
        var traceExecutorsFile = Path.Combine(IntermediateDirectory, "trace-executors.json");
        var recorded = new FingerprintStore(Path.Combine(IntermediateDirectory, "trace-fingerprint"));

        JsonObject executors;
        try { executors = File.Exists(ExecutorsFile) ? JsonNode.Parse(File.ReadAllText(ExecutorsFile)) as JsonObject ?? [] : []; }
        catch (Exception e) when (e is IOException or JsonException)
        {
            Log.LogError(null, SdkDiagnostics.BadPipelineIr, null, ExecutorsFile, 0, 0, 0, 0, $"Cannot read the executors file: {e.Message}");
            return false;
        }
        var (traceExecutors, images) = TraceExecutors.Of(executors);
        var traceExecutorsJson = traceExecutors.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        ComponentFingerprint? fingerprint = null;
        try
        {
            AtomicFile.WriteAllTextIfChanged(traceExecutorsFile, traceExecutorsJson);
            fingerprint = TraceFingerprint(traceExecutorsJson);
            timings.Lap("trace fingerprint");
            var changes = fingerprint is null ? "no fingerprint of the trace" : recorded.Describe(fingerprint);
            if (changes == "unchanged" && Directory.Exists(traceDir))
            {
                Log.LogMessage(MessageImportance.Normal, "Pipelines: nothing the [Pipeline] methods reach changed: the previous trace is reused.");
            }
            else
            {
                Log.LogMessage(MessageImportance.Normal, $"Pipelines: tracing the pipelines ({(changes == "first build" ? "first trace" : changes)}).");
                // The record of what the traced IR was made from goes first and comes back only after a whole trace.
                recorded.Clear();
                if (Directory.Exists(traceDir)) Directory.Delete(traceDir, recursive: true);
                if (!Trace(traceDir, traceExecutorsFile)) return false;
                if (fingerprint is not null) recorded.Save([fingerprint]);
                timings.Lap("trace");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, SdkDiagnostics.WriteFailed, null, null, 0, 0, 0, 0, $"Cannot prepare the pipeline trace in '{IntermediateDirectory}': {e.Message}");
            return false;
        }

        var files = new List<ITaskItem>();
        try
        {
            foreach (var json in (Directory.Exists(traceDir) ? Directory.GetFiles(traceDir, "*.json") : [])
                         .Where(f => !f.EndsWith(PipelineHost.PlatformFileSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(json);
                // Kubernetes settings travel as a second document (PlatformSpec) next to the pipeline.
                var platformFile = Path.Combine(traceDir, name + PipelineHost.PlatformFileSuffix);
                var tracedText = File.ReadAllText(json);
                var platformText = File.Exists(platformFile) ? File.ReadAllText(platformFile) : null;
                var templateFile = Path.Combine(IntermediateDirectory, "pipeline-yaml", name + ".yaml");
                var key = OutputCache.Key(tracedText, platformText ?? "", traceExecutorsJson, Version ?? "", WriterVersion);
                var yaml = PipelineYamlTemplate.Read(templateFile, key) is { } kept ? PipelineYamlTemplate.Fill(kept, key, images) : null;
                if (yaml is null)
                {
                    // Written from the traced IR: with tokens where the images go, kept for the next build, then filled.
                    var plain = images.Values.All(PipelineYamlTemplate.IsPlain);
                    var template = Write(name, json, tracedText, platformText, plain ? PipelineYamlTemplate.Tokens(key, images) : images, executors);
                    if (template is null) continue;
                    if (plain) PipelineYamlTemplate.Write(templateFile, key, template);
                    yaml = plain ? PipelineYamlTemplate.Fill(template, key, images) : template;
                    if (yaml is null)
                    {
                        Log.LogError(null, SdkDiagnostics.BadPipelineIr, null, json, 0, 0, 0, 0, $"The images of pipeline '{name}' could not be filled into its YAML.");
                        continue;
                    }
                }
                var path = Path.Combine(OutputDirectory, name + ".yaml");
                if (AtomicFile.WriteAllTextIfChanged(path, yaml))
                    Log.LogMessage(MessageImportance.Low, $"Wrote {path}");
                files.Add(new Microsoft.Build.Utilities.TaskItem(path, new Dictionary<string, string> { ["Pipeline"] = name }));
            }
            if (Log.HasLoggedErrors) return false;
            AtomicFile.DeleteStale(OutputDirectory, "*.yaml", files.Select(f => f.ItemSpec));
            AtomicFile.DeleteStale(Path.Combine(IntermediateDirectory, "pipeline-yaml"), "*.yaml",
                files.Select(f => Path.Combine(IntermediateDirectory, "pipeline-yaml", Path.GetFileName(f.ItemSpec))));
            timings.Lap("YAML");
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
        Log.LogMessage(MessageImportance.Normal, $"Pipelines: {files.Count} pipeline YAML: {timings}");
        return true;
    }

    /// <summary>One pipeline's YAML from its traced IR, with <paramref name="images"/> (placeholder → image or token) where the
    /// trace wrote placeholders. Null after an error.</summary>
    private string? Write(string name, string json, string tracedText, string? platformText, IReadOnlyDictionary<string, string> images, JsonObject executors)
    {
        var platform = platformText is null ? null : JsonNode.Parse(platformText) as JsonObject;
        if (JsonNode.Parse(tracedText) is not JsonObject spec)
        {
            Log.LogError(null, SdkDiagnostics.BadPipelineIr, null, json, 0, 0, 0, 0, $"The traced IR of pipeline '{name}' is not a JSON object.");
            return null;
        }
        // This build's image references where the trace saw placeholders.
        if ((TraceExecutors.FillImages(spec, images) ?? (platform is null ? null : TraceExecutors.FillImages(platform, images))) is { } unfilled)
        {
            Log.LogError(null, SdkDiagnostics.BadPipelineIr, null, json, 0, 0, 0, 0, $"The traced IR of pipeline '{name}' names '{unfilled}', which this build has no image for.");
            return null;
        }
        var libraries = LibrariesUsed(spec, executors);
        VersionStamp.Apply(spec, Version);
        if (libraries.Count > 0 && spec["pipelineInfo"] is JsonObject info)
            info["description"] = $"{info["description"]?.GetValue<string>()} [component libraries: {string.Join(", ", libraries)}]".TrimStart();
        return IrYaml.Write(platform is null ? [spec] : [spec, platform], IrHeader.For(spec, Version));
    }

    // The same traced IR gives another YAML when the SDK that writes it changed.
    private static readonly string WriterVersion = typeof(WritePipelineYaml).Assembly.ManifestModule.ModuleVersionId.ToString();

    /// <summary>The component libraries (name and version) whose components the pipeline runs: their
    /// executors run our entry point (<c>--function_to_execute &lt;component&gt;</c>) and their entries
    /// in the executors file name the library.</summary>
    internal static SortedSet<string> LibrariesUsed(JsonObject spec, JsonObject executors)
    {
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        if (spec["deploymentSpec"]?["executors"] is not JsonObject all) return libraries;
        foreach (var (_, executor) in all)
        {
            if (executor?["container"]?["args"] is not JsonArray args) continue;
            var at = args.Select(a => a is JsonValue v && v.TryGetValue(out string? s) ? s : null).ToList().IndexOf("--function_to_execute");
            if (at < 0 || at + 1 >= args.Count || args[at + 1] is not JsonValue nameValue || !nameValue.TryGetValue(out string? component)) continue;
            if (executors[component]?["library"] is JsonValue library && library.TryGetValue(out string? label)) libraries.Add(label);
        }
        return libraries;
    }

    /// <summary>What the traced IR is a function of, besides the executors (with placeholders): null when it cannot be told
    /// (no app files given, no generated entry point, an unreadable assembly), and then the pipelines are traced.</summary>
    private ComponentFingerprint? TraceFingerprint(string traceExecutorsJson)
    {
        if (ImageFiles.Length == 0) return null;
        try
        {
            return PipelineTraceFingerprinter.Compute(AppFiles.Request(string.IsNullOrEmpty(AssemblyPath) ? AppPath : AssemblyPath, ImageFiles, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["trace executors"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(traceExecutorsJson))),
                ["dotnet host"] = DotnetHost ?? "",
                ["trace format"] = "1",
            }, walkRecordFile: WalkRecordFile));
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Normal, $"Pipelines: cannot fingerprint the pipeline trace ({e.Message}); tracing.");
            return null;
        }
    }

    private bool Trace(string traceDir, string executorsFile)
    {
        var start = new ProcessStartInfo(string.IsNullOrEmpty(DotnetHost) ? "dotnet" : DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { AppPath, "--emit-pipelines", traceDir, "--executors", executorsFile })
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

        var reported = false;
        foreach (var line in errors)
        {
            var m = CanonicalError().Match(line);
            if (m.Success)
            {
                // Pipeline errors end with "(at <file>:<line>)" when the tracer knows the call site:
                // report them there, so IDEs jump to the offending line of the [Pipeline] body.
                string message = m.Groups["message"].Value, file = AppPath;
                var lineNumber = 0;
                var at = SourceLocation().Match(message);
                if (at.Success)
                {
                    file = at.Groups["file"].Value;
                    lineNumber = int.Parse(at.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    message = message[..at.Index];
                }
                Log.LogError(null, m.Groups["code"].Value, null, file, lineNumber, 0, 0, 0, message);
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
            {
                Log.LogError(null, SdkDiagnostics.TraceFailed, null, AppPath, 0, 0, 0, 0,
                    $"Tracing the pipelines failed (exit code {process.ExitCode}). Is the generated entry point disabled (PipelinesGenerateEntryPoint=false) or replaced by another Main?");
            }

            return false;
        }
        return true;
    }

    [GeneratedRegex("^error (?<code>PIPE[0-9]{4}): (?<message>.*)$")]
    private static partial Regex CanonicalError();

    [GeneratedRegex(@" \(at (?<file>.+):(?<line>[0-9]+)\)$")]
    private static partial Regex SourceLocation();
}
