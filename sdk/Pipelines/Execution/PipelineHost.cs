using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// What the generated <c>Main</c> calls. Two jobs:
/// <list type="bullet">
/// <item>KFP's launcher contract: <c>--executor_input &lt;json&gt; --function_to_execute &lt;component&gt;</c>
/// runs one component and writes its outputs where the launcher expects them;</item>
/// <item>the build: <c>--emit-pipelines &lt;dir&gt; --executors &lt;file&gt;</c> traces every
/// <c>[Pipeline]</c> into KFP IR JSON.</item>
/// </list>
/// Unknown flags are ignored, as KFP's own executor does. Failures exit non-zero with a message
/// that names the component and the input.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PipelineHost
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>
    /// <c>--emit-pipelines</c> writes <c>&lt;name&gt;.json</c> (the PipelineSpec) per pipeline and, when a
    /// task has Kubernetes settings, <c>&lt;name&gt;.platform.json</c> (the PlatformSpec: YAML document 2).
    /// </summary>
    public const string PlatformFileSuffix = ".platform.json";

    public static int Run(string[] args, IReadOnlyList<ComponentRegistration> components, IReadOnlyList<PipelineRegistration> pipelines) =>
        RunAsync(args, components, pipelines, Console.Out, Console.Error).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<ComponentRegistration> components, IReadOnlyList<PipelineRegistration> pipelines, TextWriter stdout, TextWriter stderr)
    {
        var options = ParseArgs(args);
        if (options.TryGetValue("--function_to_execute", out var function) || options.ContainsKey("--executor_input"))
            return await ExecuteAsync(options, function, components, stderr);
        if (options.TryGetValue("--emit-pipelines", out var dir))
            return EmitPipelines(dir, options.GetValueOrDefault("--executors"), pipelines, stdout, stderr);
        if (options.ContainsKey("--list"))
        {
            foreach (var c in components) stdout.WriteLine($"component {c.Component.Name}");
            foreach (var p in pipelines) stdout.WriteLine($"pipeline {p.Name}");
            return Success;
        }
        stderr.WriteLine("""
            Usage:
              --executor_input <json> --function_to_execute <component>   run a component (KFP's launcher contract)
              --emit-pipelines <dir> [--executors <file>]                 write each [Pipeline] as KFP IR JSON: <name>.json, plus
                                                                          <name>.platform.json with Kubernetes settings (used by the build)
              --list                                                      list components and pipelines
            """);
        return Usage;
    }

    /// <summary>Flags with one value each (<c>--name value</c> or <c>--name=value</c>); bare flags map to "".</summary>
    private static Dictionary<string, string> ParseArgs(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) continue;
            var eq = a.IndexOf('=');
            if (eq > 0) result[a[..eq]] = a[(eq + 1)..];
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) result[a] = args[++i];
            else result[a] = "";
        }
        return result;
    }

    private static async Task<int> ExecuteAsync(Dictionary<string, string> options, string? function, IReadOnlyList<ComponentRegistration> components, TextWriter stderr)
    {
        if (string.IsNullOrEmpty(function))
            return Fail(stderr, PipelineErrors.BadArguments, "--function_to_execute is missing: name the component to run");
        var registration = components.FirstOrDefault(c => c.Component.Name == function)
            ?? components.FirstOrDefault(c => string.Equals(c.Component.Name.Replace("-", "_"), function.Replace("-", "_"), StringComparison.OrdinalIgnoreCase));
        if (registration is null)
            return Fail(stderr, PipelineErrors.UnknownComponent, $"no component named '{function}' in this program; it has: {string.Join(", ", components.Select(c => c.Component.Name))}");
        var component = registration.Component.Name;

        if (!options.TryGetValue("--executor_input", out var json) || json.Length == 0)
            return Fail(stderr, PipelineErrors.BadArguments, $"component '{component}': --executor_input is missing");

        ExecutorInput input;
        try { input = ExecutorInput.Parse(json); }
        catch (FormatException e) { return Fail(stderr, PipelineErrors.BadExecutorInput, $"component '{component}': {e.Message}"); }

        var context = new ExecutorContext(registration.Component, input);
        try
        {
            await registration.Execute(context);
        }
        catch (ExecutorException e)
        {
            return Fail(stderr, e.Code, $"component '{component}': {e.Message}");
        }
        catch (Exception e)
        {
            return Fail(stderr, PipelineErrors.ComponentFailed, $"component '{component}' failed: {e}");
        }

        try
        {
            WriteOutputs(context);
        }
        catch (ExecutorException e)
        {
            return Fail(stderr, e.Code, $"component '{component}': {e.Message}");
        }
        catch (Exception e)
        {
            // IO failures, and values JSON cannot carry (NaN or infinite numbers in metadata).
            return Fail(stderr, PipelineErrors.WriteOutputsFailed, $"component '{component}': cannot write outputs: {e.Message}");
        }
        return Success;
    }

    /// <summary>Reports outputs through both of the launcher's channels: one file per output
    /// parameter, and the executor-output JSON with parameter values and artifact metadata.</summary>
    private static void WriteOutputs(ExecutorContext context)
    {
        var parameterValues = new JsonObject();
        foreach (var (name, _) in context.Component.OutputParameters)
        {
            if (!context.OutputParameters.TryGetValue(name, out var value))
                throw new ExecutorException(PipelineErrors.OutputNotSet, $"output parameter '{name}' was not set");
            parameterValues[name] = value?.DeepClone();
            if (context.Input.OutputParameterFiles.TryGetValue(name, out var file))
                WriteFile(file, KfpJson.ToParameterText(value));
        }

        var artifacts = new JsonObject();
        foreach (var (name, artifact) in context.OutputArtifacts)
        {
            artifacts[name] = new JsonObject
            {
                ["artifacts"] = new JsonArray(new JsonObject
                {
                    ["name"] = artifact.Name,
                    ["uri"] = artifact.Uri,
                    ["metadata"] = artifact.Metadata.DeepClone(),
                }),
            };
        }

        if (context.Input.OutputFile is { Length: > 0 } outputFile)
        {
            var output = new JsonObject { ["artifacts"] = artifacts, ["parameterValues"] = parameterValues };
            WriteFile(outputFile, output.ToJsonString(KfpJson.Compact));
        }
    }

    private static void WriteFile(string path, string text)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static int EmitPipelines(string dir, string? executorsFile, IReadOnlyList<PipelineRegistration> pipelines, TextWriter stdout, TextWriter stderr)
    {
        if (string.IsNullOrEmpty(dir)) return Fail(stderr, PipelineErrors.BadArguments, "--emit-pipelines needs a folder");
        IReadOnlyDictionary<string, ExecutorTarget> executors;
        try
        {
            executors = executorsFile is { Length: > 0 } ? ExecutorTarget.ReadMap(File.ReadAllText(executorsFile)) : new Dictionary<string, ExecutorTarget>();
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException)
        {
            return Fail(stderr, PipelineErrors.BadArguments, $"--executors '{executorsFile}': {e.Message}");
        }

        Directory.CreateDirectory(dir);
        var failures = 0;
        foreach (var pipeline in pipelines)
        {
            try
            {
                var compiled = PipelineCompiler.CompileWithPlatform(pipeline, executors);
                File.WriteAllText(Path.Combine(dir, pipeline.Name + ".json"), compiled.PipelineSpec.ToJsonString(KfpJson.Indented), new UTF8Encoding(false));
                // Document 2 of the YAML (docs/kfp-contract.md#kubernetes-settings-document-2), only when some task has Kubernetes settings.
                var platformFile = Path.Combine(dir, pipeline.Name + PlatformFileSuffix);
                if (compiled.PlatformSpec is { } platform)
                    File.WriteAllText(platformFile, platform.ToJsonString(KfpJson.Indented), new UTF8Encoding(false));
                else if (File.Exists(platformFile))
                    File.Delete(platformFile);
                stdout.WriteLine($"pipeline {pipeline.Name}");
            }
            catch (PipelineDefinitionException e)
            {
                failures++;
                Fail(stderr, e.Code, $"pipeline '{pipeline.Name}': {e.Message}");
            }
            catch (Exception e)
            {
                failures++;
                Fail(stderr, PipelineErrors.PipelineFailed, $"pipeline '{pipeline.Name}': its [Pipeline] method threw: {e}");
            }
        }
        return failures == 0 ? Success : Failure;
    }

    /// <summary>MSBuild's canonical error format, so build logs and IDEs pick the code up.</summary>
    private static int Fail(TextWriter stderr, string code, string message)
    {
        stderr.WriteLine($"error {code}: {message}");
        return Failure;
    }
}
