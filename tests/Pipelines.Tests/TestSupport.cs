using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Pipelines.Tests;

/// <summary>A fresh temporary folder per test, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("pipelines-tests-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}

/// <summary>
/// Builds an ExecutorInput the way KFP's backend launcher does (docs/kfp-contract.md#executor-input): upstream artifacts
/// named by an MLMD id with <c>type: {instanceSchema: ""}</c> and display_name/store_session_info
/// metadata; output parameter files; output artifacts with the declared type; an undeclared
/// <c>executor-logs</c> output; plus keys a newer launcher might add. All paths live under
/// <see cref="Root"/> (plain absolute paths, the local runner's URI form) and none of their
/// folders exist beforehand.
/// </summary>
internal sealed class ExecutorInputBuilder(string root)
{
    private readonly JsonObject _parameterValues = new();
    private readonly JsonObject _inputArtifacts = new();
    private readonly JsonObject _outputParameters = new();
    private readonly JsonObject _outputArtifacts = new();
    private int _nextId = 1042;

    public string Root => root;

    /// <summary><c>outputs.outputFile</c>: <c>&lt;task root&gt;/output_metadata.json</c>.</summary>
    public string OutputFile { get; } = Path.Combine(root, "mlpipeline", "v2", "artifacts", "churn-training", "6f1c", "task", "3c2a", "output_metadata.json");

    public bool WriteOutputFile { get; set; } = true;

    /// <summary>Folder of the undeclared executor-logs output, which the host must leave alone.</summary>
    public string ExecutorLogsUri => Path.Combine(root, "logs", "executor-logs");

    public ExecutorInputBuilder Parameter(string name, JsonNode? value)
    {
        _parameterValues[name] = value;
        return this;
    }

    /// <summary>A parameter value given as JSON text (keeps <c>5.0</c> as written).</summary>
    public ExecutorInputBuilder ParameterJson(string name, string json) => Parameter(name, JsonNode.Parse(json));

    public ExecutorInputBuilder InputArtifact(string name, string uri, JsonObject? metadata = null, string? customPath = null)
    {
        var md = new JsonObject
        {
            ["display_name"] = name,
            ["store_session_info"] = """{"Provider":"minio","Params":{"accessKeyKey":"accesskey","disableSSL":"true","endpoint":"minio-service.kubeflow:9000"}}""",
        };
        foreach (var (key, value) in metadata ?? []) md[key] = value?.DeepClone();
        var artifact = new JsonObject
        {
            ["name"] = (_nextId++).ToString(CultureInfo.InvariantCulture),
            ["type"] = new JsonObject { ["instanceSchema"] = "" },
            ["uri"] = uri,
            ["metadata"] = md,
        };
        if (customPath is not null) artifact["customPath"] = customPath;
        _inputArtifacts[name] = new JsonObject { ["artifacts"] = new JsonArray(artifact) };
        return this;
    }

    /// <summary>An upstream artifact already downloaded to a file; returns its path (= URI).</summary>
    public string InputArtifactFile(string name, string content, JsonObject? metadata = null)
    {
        var path = Path.Combine(root, "upstream", name, "9b7e", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        InputArtifact(name, path, metadata);
        return path;
    }

    /// <summary>Declares an output parameter; returns the file the host must write.</summary>
    public string OutputParameter(string name)
    {
        var file = Path.Combine(root, "tmp", "kfp", "outputs", name);
        _outputParameters[name] = new JsonObject { ["outputFile"] = file };
        return file;
    }

    /// <summary>Declares an output artifact; returns its URI (= local path).</summary>
    public string OutputArtifact(string name, string schemaTitle)
    {
        var uri = Path.Combine(root, "mlpipeline", "v2", "artifacts", "churn-training", "6f1c", "task", Guid.NewGuid().ToString("N"), name);
        _outputArtifacts[name] = new JsonObject
        {
            ["artifacts"] = new JsonArray(new JsonObject
            {
                ["name"] = name,
                ["type"] = new JsonObject { ["schemaTitle"] = schemaTitle, ["schemaVersion"] = "0.0.1" },
                ["uri"] = uri,
            }),
        };
        return uri;
    }

    public JsonObject ToJson()
    {
        var outputArtifacts = (JsonObject)_outputArtifacts.DeepClone();
        outputArtifacts["executor-logs"] = new JsonObject
        {
            ["artifacts"] = new JsonArray(new JsonObject
            {
                ["name"] = "executor-logs",
                ["type"] = new JsonObject { ["schemaTitle"] = "system.Artifact", ["schemaVersion"] = "0.0.1" },
                ["uri"] = ExecutorLogsUri,
            }),
        };
        var outputs = new JsonObject
        {
            ["parameters"] = _outputParameters.DeepClone(),
            ["artifacts"] = outputArtifacts,
            ["someFutureOutputField"] = new JsonObject { ["x"] = 1 },
        };
        if (WriteOutputFile) outputs["outputFile"] = OutputFile;
        return new JsonObject
        {
            ["inputs"] = new JsonObject
            {
                ["parameterValues"] = _parameterValues.DeepClone(),
                ["artifacts"] = _inputArtifacts.DeepClone(),
                ["someFutureInputField"] = "ignored",
            },
            ["outputs"] = outputs,
            ["pipelineJobName"] = "churn-training-6f1c",
        };
    }

    public string Build() => ToJson().ToJsonString();
}

internal sealed record HostResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs <see cref="PipelineHost"/> in-process with the test registrations.</summary>
internal static class Host
{
    public static async Task<HostResult> RunAsync(IReadOnlyList<PipelineRegistration> pipelines, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PipelineHost.RunAsync(args, TestRegistrations.Components, pipelines, stdout, stderr);
        return new HostResult(code, stdout.ToString(), stderr.ToString());
    }

    public static Task<HostResult> RunAsync(params string[] args) => RunAsync([], args);

    /// <summary>The launcher's invocation: <c>--executor_input &lt;json&gt; --function_to_execute &lt;name&gt;</c>.</summary>
    public static Task<HostResult> ExecuteAsync(string component, ExecutorInputBuilder input) =>
        RunAsync("--executor_input", input.Build(), "--function_to_execute", component);
}

internal static class JsonAssert
{
    public static void AreEqual(JsonNode? expected, JsonNode? actual, string? message = null)
    {
        if (!JsonNode.DeepEquals(expected, actual))
            Assert.Fail($"{message}{(message is null ? "" : "\n")}Expected: {expected?.ToJsonString() ?? "null"}\nActual:   {actual?.ToJsonString() ?? "null"}");
    }

    public static void AreEqual(string expectedJson, JsonNode? actual, string? message = null) =>
        AreEqual(JsonNode.Parse(expectedJson), actual, message);

    public static JsonObject ReadFile(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new AssertFailedException($"{path} does not hold a JSON object");
}

internal static class TestResources
{
    public static JsonObject LoadJson(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Pipelines.Tests.Kfp." + name)
            ?? throw new InvalidOperationException($"No embedded resource '{name}'.");
        return JsonNode.Parse(stream) as JsonObject ?? throw new InvalidOperationException($"'{name}' is not a JSON object.");
    }
}
