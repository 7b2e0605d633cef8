using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Kfp.Tests.FakeKfp;

/// <summary>A request as the server received it.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, string Body, string? Answer);

/// <summary>
/// An in-process server shaped like KFP's API server (REST v2beta1) for the calls Pipelines.Kfp
/// makes. It checks every request against <see cref="V2beta1"/> (method, path, query names and
/// types, JSON fields and types, the multipart field) and answers like KFP: objects in proto
/// field names, failures as <c>{"error", "code", "message", "details"}</c> with the gRPC code,
/// 401 without a valid bearer token, 404 for unknown objects, 409 for duplicate names. It is
/// stricter than KFP in one way: an unknown query parameter is a 400 (grpc-gateway ignores it),
/// so a misspelt name fails a test instead of being silently dropped.
/// </summary>
internal sealed class FakeKfpServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<ReceivedRequest> requests = [];
    private readonly Queue<Fault> faults = new();

    private sealed record Fault(HttpStatusCode Status, string? RetryAfter, string? Path, bool AfterProcessing);
    private readonly HashSet<string> tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> forbiddenNamespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> pipelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonObject Version, Dictionary<string, string> ParameterTypes, HashSet<string> Required)> versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonObject Run, int Polls)> runs = new(StringComparer.Ordinal);
    private int nextId;

    private FakeKfpServer(WebApplication app) => this.app = app;

    public Uri Host { get; private set; } = null!;

    /// <summary>States a run goes through, one per GetRun (the last one stays).</summary>
    public string[] RunScript { get; set; } = ["PENDING", "RUNNING", "SUCCEEDED"];
    /// <summary>The error a run carries when the script ends in FAILED.</summary>
    public string RunFailure { get; set; } = "task 'train' failed: exit code 1";

    public static async Task<FakeKfpServer> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var server = new FakeKfpServer(builder.Build());
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Kestrel reports 127.0.0.1; the certificate names localhost as well.
        server.Host = new Uri(address.Replace("127.0.0.1", certificate is null ? "127.0.0.1" : "localhost") + "/");
        return server;
    }

    public IReadOnlyList<ReceivedRequest> Requests { get { lock (gate) return [.. requests]; } }

    public void AllowToken(string token) { lock (gate) tokens.Add(token); }
    public void RevokeToken(string token) { lock (gate) tokens.Remove(token); }

    /// <summary>Multi-user KFP: the caller is not a contributor of this profile namespace (403).</summary>
    public void ForbidNamespace(string ns) { lock (gate) forbiddenNamespaces.Add(ns); }

    /// <summary>
    /// The next <paramref name="count"/> requests (to <paramref name="path"/> when given) fail with
    /// this status; with <paramref name="afterProcessing"/> the server does the work first and
    /// then fails (a gateway timing out on a request that did get through).
    /// </summary>
    public void FailNext(int count, HttpStatusCode status, string? retryAfter = null, string? path = null, bool afterProcessing = false)
    {
        lock (gate) for (var i = 0; i < count; i++) faults.Enqueue(new Fault(status, retryAfter, path, afterProcessing));
    }

    public JsonObject[] Runs { get { lock (gate) return [.. runs.Values.Select(r => r.Run)]; } }
    public JsonObject[] Versions { get { lock (gate) return [.. versions.Values.Select(v => v.Version)]; } }
    public JsonObject[] Pipelines { get { lock (gate) return [.. pipelines.Values]; } }
    public JsonObject[] Experiments { get { lock (gate) return [.. experiments.Values]; } }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        request.EnableBuffering();
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        request.Body.Position = 0;
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var authorization = request.Headers.Authorization.FirstOrDefault();

        Answer answer;
        Fault? fault = null;
        lock (gate) if (faults.TryPeek(out var next) && (next.Path is null || next.Path == request.Path.Value)) fault = faults.Dequeue();
        if (fault is { AfterProcessing: true } && Authorized(authorization))
        {
            try { await RouteAsync(request, query, body); }
            catch (Invalid) { }
        }
        if (fault is { } f)
        {
            answer = Error(f.Status, f.Status == HttpStatusCode.TooManyRequests ? 8 : 14, f.Status == HttpStatusCode.TooManyRequests ? "rate limit exceeded" : "upstream connect error or disconnect/reset before headers");
            if (f.RetryAfter is not null) context.Response.Headers.RetryAfter = f.RetryAfter;
        }
        else if (!Authorized(authorization))
        {
            answer = Error(HttpStatusCode.Unauthorized, 16, "Failed to authorize with API: Request header error: there is no valid bearer token in the request");
        }
        else if (query.GetValueOrDefault("namespace") is { } ns && Forbidden(ns))
        {
            answer = Error(HttpStatusCode.Forbidden, 7, $"Failed to authorize with API: PermissionDenied: User 'system:serviceaccount:ci:pipelines' is not authorized with reason: (request: &ResourceAttributes{{Namespace:{ns},Verb:list,Group:pipelines.kubeflow.org}})");
        }
        else
        {
            try { answer = await RouteAsync(request, query, body); }
            catch (Invalid e) { answer = Error(HttpStatusCode.BadRequest, 3, e.Message); }
        }
        lock (gate) requests.Add(new ReceivedRequest(request.Method, request.Path.Value ?? "", query, authorization, body, answer.Json.ToJsonString()));
        context.Response.StatusCode = (int)answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Json.ToJsonString());
    }

    private bool Forbidden(string ns) { lock (gate) return forbiddenNamespaces.Contains(ns); }

    private bool Authorized(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        lock (gate) return tokens.Contains(authorization["Bearer ".Length..]);
    }

    private sealed record Answer(HttpStatusCode Status, JsonObject Json);

    private sealed class Invalid(string message) : Exception(message);

    private static Answer Ok(JsonObject json) => new(HttpStatusCode.OK, json);

    private static Answer Error(HttpStatusCode status, int grpcCode, string message) =>
        new(status, new JsonObject { ["error"] = message, ["code"] = grpcCode, ["message"] = message, ["details"] = new JsonArray() });

    private static Answer NotFound(string what) => Error(HttpStatusCode.NotFound, 5, $"{what} not found");

    private async Task<Answer> RouteAsync(HttpRequest request, Dictionary<string, string> query, string body)
    {
        var path = request.Path.Value ?? "";
        var method = request.Method;
        Match m;
        if (method == "GET" && path == "/apis/v2beta1/pipelines") return ListPipelines(Only(query, V2beta1.ListPipelinesQuery));
        if (method == "POST" && path == "/apis/v2beta1/pipelines/upload") return UploadPipeline(Only(query, V2beta1.UploadPipelineQuery), await FileAsync(request));
        if (method == "POST" && path == "/apis/v2beta1/pipelines/upload_version") return UploadVersion(Only(query, V2beta1.UploadVersionQuery), await FileAsync(request));
        if (method == "GET" && (m = Regex.Match(path, "^/apis/v2beta1/pipelines/([^/]+)$")).Success)
        {
            Only(query, []);
            lock (gate) return pipelines.TryGetValue(m.Groups[1].Value, out var p) ? Ok(p) : NotFound($"pipeline {m.Groups[1].Value}");
        }
        if (method == "GET" && (m = Regex.Match(path, "^/apis/v2beta1/pipelines/([^/]+)/versions$")).Success) return ListVersions(m.Groups[1].Value, Only(query, V2beta1.ListQuery));
        if (method == "GET" && (m = Regex.Match(path, "^/apis/v2beta1/pipelines/([^/]+)/versions/([^/]+)$")).Success)
        {
            Only(query, []);
            lock (gate)
            {
                return versions.TryGetValue(m.Groups[2].Value, out var v) && v.Version["pipeline_id"]!.GetValue<string>() == m.Groups[1].Value
                ? Ok(v.Version) : NotFound($"pipeline version {m.Groups[2].Value}");
            }
        }
        if (method == "GET" && path == "/apis/v2beta1/experiments") return ListExperiments(Only(query, V2beta1.ListExperimentsQuery));
        if (method == "POST" && path == "/apis/v2beta1/experiments") { Only(query, []); return CreateExperiment(Body(request, body, V2beta1.Experiment)); }
        if (method == "POST" && path == "/apis/v2beta1/runs") return CreateRun(Only(query, V2beta1.RunQuery), Body(request, body, V2beta1.Run));
        if (method == "GET" && (m = Regex.Match(path, "^/apis/v2beta1/runs/([^/]+)$")).Success) { Only(query, V2beta1.RunQuery); return GetRun(m.Groups[1].Value); }
        // grpc-gateway's answer for a path or method it has no route for.
        return Error(HttpStatusCode.NotFound, 5, "Not Found");
    }

    private static Dictionary<string, string> Only(Dictionary<string, string> query, string[] allowed)
    {
        foreach (var name in query.Keys)
            if (!allowed.Contains(name)) throw new Invalid($"unknown query parameter \"{name}\" (this operation takes {(allowed.Length == 0 ? "none" : string.Join(", ", allowed))})");
        if (query.TryGetValue("page_size", out var size) && !int.TryParse(size, out _)) throw new Invalid($"invalid value for int32 query parameter page_size: {size}");
        return query;
    }

    private static JsonElement Body(HttpRequest request, string body, MessageShape shape)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            throw new Invalid($"unsupported content type '{request.ContentType}' (expected application/json)");
        JsonElement json;
        try { json = JsonDocument.Parse(body).RootElement.Clone(); }
        catch (JsonException e) { throw new Invalid("proto: syntax error: " + e.Message); }
        if (json.ValueKind != JsonValueKind.Object) throw new Invalid($"proto: {shape.Name} must be an object");
        if (shape.Check(json, "") is { } problem) throw new Invalid(problem);
        return json;
    }

    private static async Task<(string FileName, string Content)> FileAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
            throw new Invalid("Failed to read pipeline from file: request Content-Type isn't multipart/form-data");
        var form = await request.ReadFormAsync();
        var file = form.Files.GetFile("uploadfile")
            ?? throw new Invalid($"Failed to read pipeline from file: http: no such file (form fields: {string.Join(", ", form.Files.Select(f => f.Name).Concat(form.Keys))})");
        using var reader = new StreamReader(file.OpenReadStream());
        return (file.FileName, await reader.ReadToEndAsync());
    }

    private string NewId(string kind) => $"{kind}-{Interlocked.Increment(ref nextId):D4}-{Guid.NewGuid():N}"[..24];

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static (string? Key, string? Value) EqualsFilter(Dictionary<string, string> query, string[] keys)
    {
        if (!query.TryGetValue("filter", out var text)) return (null, null);
        JsonElement filter;
        try { filter = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException e) { throw new Invalid("Invalid filter: " + e.Message); }
        if (V2beta1.Filter.Check(filter, "") is { } problem) throw new Invalid("Invalid filter: " + problem);
        var predicates = filter.TryGetProperty("predicates", out var p) ? p.EnumerateArray().ToList() : [];
        if (predicates.Count != 1) throw new Invalid("Invalid filter: the fake server understands one EQUALS predicate");
        var predicate = predicates[0];
        var key = predicate.GetProperty("key").GetString()!;
        if (!keys.Contains(key)) throw new Invalid($"Invalid filter: no such field \"{key}\" (filterable: {string.Join(", ", keys)})");
        if (predicate.GetProperty("operation").GetString() != "EQUALS") throw new Invalid("Invalid filter: the fake server understands EQUALS only");
        var value = predicate.TryGetProperty("string_value", out var s) ? s.GetString() : predicate.TryGetProperty("stringValue", out var c) ? c.GetString() : null;
        return (key, value);
    }

    private static bool Matches(JsonObject item, (string? Key, string? Value) filter) =>
        filter.Key is null || item[filter.Key]?.GetValue<string>() == filter.Value;

    private Answer ListPipelines(Dictionary<string, string> query)
    {
        var filter = EqualsFilter(query, ["name", "display_name", "created_at", "description"]);
        query.TryGetValue("namespace", out var ns);
        lock (gate)
        {
            var found = pipelines.Values.Where(p => Matches(p, filter) && (p["namespace"]?.GetValue<string>() ?? "") == (ns ?? "")).ToList();
            return Ok(new JsonObject { ["pipelines"] = new JsonArray([.. found.Select(p => p.DeepClone())]), ["total_size"] = found.Count });
        }
    }

    private Answer ListVersions(string pipelineId, Dictionary<string, string> query)
    {
        var filter = EqualsFilter(query, ["name", "display_name", "created_at", "description"]);
        lock (gate)
        {
            if (!pipelines.ContainsKey(pipelineId)) return NotFound($"pipeline {pipelineId}");
            var found = versions.Values.Select(v => v.Version).Where(v => v["pipeline_id"]!.GetValue<string>() == pipelineId && Matches(v, filter)).ToList();
            return Ok(new JsonObject { ["pipeline_versions"] = new JsonArray([.. found.Select(v => v.DeepClone())]), ["total_size"] = found.Count });
        }
    }

    private Answer ListExperiments(Dictionary<string, string> query)
    {
        var filter = EqualsFilter(query, ["display_name", "created_at", "description"]);
        query.TryGetValue("namespace", out var ns);
        lock (gate)
        {
            var found = experiments.Values.Where(e => Matches(e, filter) && (e["namespace"]?.GetValue<string>() ?? "") == (ns ?? "")).ToList();
            return Ok(new JsonObject { ["experiments"] = new JsonArray([.. found.Select(e => e.DeepClone())]), ["total_size"] = found.Count });
        }
    }

    /// <summary>What KFP checks of an uploaded file: a PipelineSpec (pipelineInfo, root); the root inputs' types are kept to check runs.</summary>
    private static (Dictionary<string, string> Types, HashSet<string> Required) ParseSpec(string yaml)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlDotNet.Core.YamlException e) { throw new Invalid("Failed to parse the pipeline spec: " + e.Message); }
        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode spec
            || !spec.Children.TryGetValue(new YamlScalarNode("pipelineInfo"), out _) || !spec.Children.TryGetValue(new YamlScalarNode("root"), out var root))
        {
            throw new Invalid("Failed to create a pipeline: invalid pipeline spec: pipelineInfo and root are required");
        }

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (root is YamlMappingNode r && r.Children.TryGetValue(new YamlScalarNode("inputDefinitions"), out var inputs)
            && inputs is YamlMappingNode i && i.Children.TryGetValue(new YamlScalarNode("parameters"), out var parameters) && parameters is YamlMappingNode ps)
        {
            foreach (var (key, value) in ps.Children)
            {
                var definition = (YamlMappingNode)value;
                var name = ((YamlScalarNode)key).Value!;
                types[name] = ((YamlScalarNode)definition[new YamlScalarNode("parameterType")]).Value!;
                var optional = definition.Children.TryGetValue(new YamlScalarNode("isOptional"), out var o) && ((YamlScalarNode)o).Value == "true";
                if (!definition.Children.ContainsKey(new YamlScalarNode("defaultValue")) && !optional) required.Add(name);
            }
        }

        return (types, required);
    }

    private Answer UploadPipeline(Dictionary<string, string> query, (string FileName, string Content) file)
    {
        var spec = ParseSpec(file.Content);
        var name = query.GetValueOrDefault("name") ?? Path.GetFileNameWithoutExtension(file.FileName);
        var ns = query.GetValueOrDefault("namespace") ?? "";
        lock (gate)
        {
            if (pipelines.Values.Any(p => p["name"]!.GetValue<string>() == name && (p["namespace"]?.GetValue<string>() ?? "") == ns))
                return Error(HttpStatusCode.Conflict, 6, $"Failed to create a pipeline: pipeline with name {name} already exist");
            var id = NewId("pipeline");
            var pipeline = new JsonObject
            {
                ["pipeline_id"] = id,
                ["name"] = name,
                ["display_name"] = query.GetValueOrDefault("display_name") ?? name,
                ["description"] = query.GetValueOrDefault("description") ?? "",
                ["created_at"] = Now(),
            };
            if (ns.Length > 0) pipeline["namespace"] = ns;
            pipelines[id] = pipeline;
            // KFP stores the uploaded spec as the pipeline's first version, named like the pipeline.
            AddVersion(id, name, spec);
            return Ok((JsonObject)pipeline.DeepClone());
        }
    }

    private JsonObject AddVersion(string pipelineId, string name, (Dictionary<string, string> Types, HashSet<string> Required) spec)
    {
        var id = NewId("version");
        var version = new JsonObject { ["pipeline_id"] = pipelineId, ["pipeline_version_id"] = id, ["name"] = name, ["display_name"] = name, ["created_at"] = Now() };
        versions[id] = (version, spec.Types, spec.Required);
        return version;
    }

    private Answer UploadVersion(Dictionary<string, string> query, (string FileName, string Content) file)
    {
        if (query.GetValueOrDefault("pipelineid") is not { Length: > 0 } pipelineId) throw new Invalid("Failed to create a pipeline version: pipelineid is required");
        var spec = ParseSpec(file.Content);
        var name = query.GetValueOrDefault("name") ?? Path.GetFileNameWithoutExtension(file.FileName);
        lock (gate)
        {
            if (!pipelines.ContainsKey(pipelineId)) return NotFound($"pipeline {pipelineId}");
            if (versions.Values.Any(v => v.Version["pipeline_id"]!.GetValue<string>() == pipelineId && v.Version["name"]!.GetValue<string>() == name))
                return Error(HttpStatusCode.Conflict, 6, $"Failed to create a pipeline version: pipeline version with name {name} already exist");
            return Ok((JsonObject)AddVersion(pipelineId, name, spec).DeepClone());
        }
    }

    private Answer CreateExperiment(JsonElement body)
    {
        var name = body.TryGetProperty("display_name", out var n) ? n.GetString() ?? "" : "";
        if (name.Length == 0) throw new Invalid("Failed to create an experiment: experiment display_name is required");
        var ns = body.TryGetProperty("namespace", out var s) ? s.GetString() ?? "" : "";
        lock (gate)
        {
            if (experiments.Values.Any(e => e["display_name"]!.GetValue<string>() == name && (e["namespace"]?.GetValue<string>() ?? "") == ns))
                return Error(HttpStatusCode.Conflict, 6, $"Failed to create an experiment: experiment with name {name} already exists");
            var id = NewId("experiment");
            var experiment = new JsonObject { ["experiment_id"] = id, ["display_name"] = name, ["created_at"] = Now(), ["storage_state"] = "AVAILABLE" };
            if (ns.Length > 0) experiment["namespace"] = ns;
            experiments[id] = experiment;
            return Ok((JsonObject)experiment.DeepClone());
        }
    }

    private Answer CreateRun(Dictionary<string, string> query, JsonElement body)
    {
        var run = JsonNode.Parse(body.GetRawText())!.AsObject();
        if (run["display_name"]?.GetValue<string>() is not { Length: > 0 }) throw new Invalid("Failed to create a run: run display_name is required");
        foreach (var output in new[] { "run_id", "created_at", "state", "finished_at" })
            if (run.ContainsKey(output)) throw new Invalid($"Failed to create a run: {output} is an output field");
        var pipelineId = run["pipeline_version_reference"]?["pipeline_id"]?.GetValue<string>();
        var versionId = run["pipeline_version_reference"]?["pipeline_version_id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(pipelineId) || string.IsNullOrEmpty(versionId))
            throw new Invalid("Failed to create a run: pipeline_version_reference needs pipeline_id and pipeline_version_id");
        var experimentId = run["experiment_id"]?.GetValue<string>() ?? query.GetValueOrDefault("experiment_id");
        lock (gate)
        {
            if (!versions.TryGetValue(versionId, out var version) || version.Version["pipeline_id"]!.GetValue<string>() != pipelineId)
                return NotFound($"pipeline version {versionId}");
            if (experimentId is not null && !experiments.ContainsKey(experimentId)) return NotFound($"experiment {experimentId}");
            CheckParameters(run["runtime_config"]?["parameters"] as JsonObject ?? [], version.ParameterTypes, version.Required);
            var id = NewId("run");
            run["run_id"] = id;
            run["experiment_id"] = experimentId ?? "default-experiment";
            run["created_at"] = Now();
            run["state"] = "PENDING";
            run["storage_state"] = "AVAILABLE";
            runs[id] = (run, 0);
            return Ok((JsonObject)run.DeepClone());
        }
    }

    /// <summary>The backend's check of runtime parameters against the spec's root inputs (by JSON kind per parameterType).</summary>
    private static void CheckParameters(JsonObject parameters, Dictionary<string, string> types, HashSet<string> required)
    {
        foreach (var (name, value) in parameters)
        {
            if (!types.TryGetValue(name, out var type)) throw new Invalid($"Failed to create a run: unknown runtime parameter {name}");
            var kind = value?.GetValueKind();
            var fits = type switch
            {
                "STRING" => kind == JsonValueKind.String,
                "NUMBER_INTEGER" => kind == JsonValueKind.Number && value!.GetValue<double>() == Math.Floor(value.GetValue<double>()),
                "NUMBER_DOUBLE" => kind == JsonValueKind.Number,
                "BOOLEAN" => kind is JsonValueKind.True or JsonValueKind.False,
                "LIST" => kind == JsonValueKind.Array,
                "STRUCT" => kind == JsonValueKind.Object,
                _ => true,
            };
            if (!fits) throw new Invalid($"Failed to create a run: parameter {name} is {type}, got {value?.ToJsonString() ?? "null"}");
        }
        foreach (var name in required)
            if (!parameters.ContainsKey(name)) throw new Invalid($"Failed to create a run: required parameter {name} is missing");
    }

    private Answer GetRun(string runId)
    {
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out var entry)) return NotFound($"run {runId}");
            var state = RunScript[Math.Min(entry.Polls, RunScript.Length - 1)];
            runs[runId] = (entry.Run, entry.Polls + 1);
            entry.Run["state"] = state;
            if (state is "SUCCEEDED" or "FAILED" or "CANCELED") entry.Run["finished_at"] ??= Now();
            if (state == "FAILED") entry.Run["error"] = new JsonObject { ["code"] = 2, ["message"] = RunFailure };
            return Ok((JsonObject)entry.Run.DeepClone());
        }
    }
}
