using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Kfp.Api;

namespace Pipelines.Kfp;

/// <summary>
/// The KFP REST API v2beta1 calls this SDK needs. Every failure is a <see cref="KfpException"/>
/// whose one line names the host, the operation and the server's message.
/// </summary>
public sealed class KfpClient : IDisposable
{
    private const string Api = "apis/v2beta1/";
    private readonly HttpClient http;
    private readonly KfpClientOptions options;

    public KfpClient(KfpClientOptions options)
    {
        this.options = options;
        http = KfpHttp.Create(options);
    }

    public Uri Host => options.Host;

    /// <summary>The UI page of a run.</summary>
    public Uri RunUrl(string runId) => new(options.Host, "#/runs/details/" + Uri.EscapeDataString(runId));

    public Task<Pipeline> UploadPipelineAsync(byte[] yaml, string fileName, string name, string? displayName, string? description, CancellationToken cancellationToken = default) =>
        SendAsync<Pipeline>($"upload pipeline '{name}'", () => new HttpRequestMessage(HttpMethod.Post, Api + "pipelines/upload" + Query(
            ("name", name), ("display_name", displayName), ("description", description), ("namespace", options.Namespace)))
        {
            Content = Upload(yaml, fileName),
        }, cancellationToken);

    public Task<PipelineVersion> UploadPipelineVersionAsync(byte[] yaml, string fileName, string pipelineId, string name, string? description, CancellationToken cancellationToken = default) =>
        SendAsync<PipelineVersion>($"upload version '{name}' of pipeline {pipelineId}", () => new HttpRequestMessage(HttpMethod.Post, Api + "pipelines/upload_version" + Query(
            ("name", name), ("pipelineid", pipelineId), ("description", description)))
        {
            Content = Upload(yaml, fileName),
        }, cancellationToken);

    /// <summary>The pipeline with this name (in the namespace, when one is set), or null.</summary>
    public async Task<Pipeline?> FindPipelineAsync(string name, CancellationToken cancellationToken = default)
    {
        var page = await SendAsync<ListPipelinesResponse>($"find pipeline '{name}'", () => new HttpRequestMessage(HttpMethod.Get, Api + "pipelines" + Query(
            ("namespace", options.Namespace), ("page_size", "2"), ("filter", Filter.Equal("name", name)))), cancellationToken);
        return page.Pipelines?.FirstOrDefault(p => p.Name == name);
    }

    public Task<Pipeline> GetPipelineAsync(string pipelineId, CancellationToken cancellationToken = default) =>
        SendAsync<Pipeline>($"get pipeline {pipelineId}", () => new HttpRequestMessage(HttpMethod.Get, Api + "pipelines/" + Uri.EscapeDataString(pipelineId)), cancellationToken);

    /// <summary>The version of a pipeline with this name, or null.</summary>
    public async Task<PipelineVersion?> FindPipelineVersionAsync(string pipelineId, string name, CancellationToken cancellationToken = default)
    {
        var page = await SendAsync<ListPipelineVersionsResponse>($"find version '{name}' of pipeline {pipelineId}", () => new HttpRequestMessage(HttpMethod.Get,
            Api + "pipelines/" + Uri.EscapeDataString(pipelineId) + "/versions" + Query(("page_size", "2"), ("filter", Filter.Equal("name", name)))), cancellationToken);
        return page.PipelineVersions?.FirstOrDefault(v => v.Name == name);
    }

    public Task<PipelineVersion> GetPipelineVersionAsync(string pipelineId, string versionId, CancellationToken cancellationToken = default) =>
        SendAsync<PipelineVersion>($"get version {versionId} of pipeline {pipelineId}", () => new HttpRequestMessage(HttpMethod.Get,
            Api + "pipelines/" + Uri.EscapeDataString(pipelineId) + "/versions/" + Uri.EscapeDataString(versionId)), cancellationToken);

    /// <summary>The experiment with this display name (in the namespace, when one is set), or null.</summary>
    public async Task<Experiment?> FindExperimentAsync(string displayName, CancellationToken cancellationToken = default)
    {
        var page = await SendAsync<ListExperimentsResponse>($"find experiment '{displayName}'", () => new HttpRequestMessage(HttpMethod.Get, Api + "experiments" + Query(
            ("namespace", options.Namespace), ("page_size", "2"), ("filter", Filter.Equal("display_name", displayName)))), cancellationToken);
        return page.Experiments?.FirstOrDefault(e => e.DisplayName == displayName);
    }

    public Task<Experiment> CreateExperimentAsync(string displayName, CancellationToken cancellationToken = default) =>
        SendAsync<Experiment>($"create experiment '{displayName}'", () => new HttpRequestMessage(HttpMethod.Post, Api + "experiments")
        {
            Content = JsonContent.Create(new Experiment { DisplayName = displayName, Namespace = options.Namespace }, options: KfpJson.Options),
        }, cancellationToken);

    public Task<Run> CreateRunAsync(Run run, CancellationToken cancellationToken = default) =>
        SendAsync<Run>($"create run '{run.DisplayName}'", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Api + "runs") { Content = JsonContent.Create(run, options: KfpJson.Options) };
            request.Options.Set(KfpHttp.Retry, KfpHttp.RetryKind.OnlyWhenRefused);
            return request;
        }, cancellationToken);

    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        SendAsync<Run>($"get run {runId}", () => new HttpRequestMessage(HttpMethod.Get, Api + "runs/" + Uri.EscapeDataString(runId)), cancellationToken);

    public void Dispose() => http.Dispose();

    private static MultipartFormDataContent Upload(byte[] yaml, string fileName)
    {
        var file = new ByteArrayContent(yaml);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-yaml");
        return new MultipartFormDataContent { { file, "uploadfile", fileName } };
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    private async Task<T> SendAsync<T>(string operation, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new KfpException(KfpDiagnostics.Unreachable, $"KFP {Describe()}: {operation}: cannot reach the server: {Innermost(e)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KfpException(KfpDiagnostics.Unreachable, $"KFP {Describe()}: {operation}: no answer within {options.RequestTimeout.TotalSeconds:0} s");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return JsonSerializer.Deserialize<T>(body, KfpJson.Options)
                        ?? throw new JsonException("empty body");
                }
                catch (JsonException e)
                {
                    throw new KfpException(KfpDiagnostics.Rejected, $"KFP {Describe()}: {operation}: the answer is not the expected JSON ({e.Message})");
                }
            }
            message.Options.TryGetValue(BearerTokenHandler.Attempts, out var attempts);
            throw Failure(operation, response, body, attempts);
        }
    }

    private KfpException Failure(string operation, HttpResponseMessage response, string body, int attempts)
    {
        var server = ServerMessage(body) ?? response.ReasonPhrase ?? "no message";
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
        var prefix = $"KFP {Describe()}: {operation}: {status}: {Redact(server)}";
        var code = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (KfpDiagnostics.Unauthenticated, $"{prefix} (check the token: --token, KF_PIPELINES_TOKEN, --token-file or KF_PIPELINES_SA_TOKEN_PATH; a service-account token needs the audience pipelines.kubeflow.org and may have expired)"),
            HttpStatusCode.Forbidden => (KfpDiagnostics.Forbidden, $"{prefix} (the token is valid but not allowed: check --namespace{(options.Namespace is null ? " (none given)" : $" '{options.Namespace}'")} and that its identity is a contributor of that profile)"),
            HttpStatusCode.NotFound => (KfpDiagnostics.NotFound, IsKfpError(body) ? prefix : $"{prefix} (not an answer from KFP's API: check --host, the endpoint that serves /apis/v2beta1)"),
            HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => (KfpDiagnostics.ServerUnavailable, $"{prefix} (gave up after {attempts} attempt{(attempts == 1 ? "" : "s")})"),
            _ => (KfpDiagnostics.Rejected, prefix),
        };
        return new KfpException(code.Item1, code.Item2, response.StatusCode);
    }

    private static bool IsKfpError(string body)
    {
        try { return JsonSerializer.Deserialize<ErrorBody>(body, KfpJson.Options) is { Code: not null }; }
        catch (JsonException) { return false; }
    }

    /// <summary>The message of KFP's error body (<c>message</c>, else <c>error</c>), or a short plain body.</summary>
    private static string? ServerMessage(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<ErrorBody>(body, KfpJson.Options);
            if (!string.IsNullOrWhiteSpace(error?.Message)) return OneLine(error.Message);
            if (!string.IsNullOrWhiteSpace(error?.Error)) return OneLine(error.Error);
        }
        catch (JsonException)
        {
            // Not KFP's shape (a proxy's HTML page, say): fall through to the text itself.
        }
        var text = OneLine(body);
        return text.Length == 0 ? null : text.Length > 200 ? text[..200] + "…" : text;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    /// <summary>Servers sometimes echo what they were sent; the token never goes into a message.</summary>
    private string Redact(string text)
    {
        string? token = null;
        try { token = options.Token.GetToken(); } catch (KfpException) { }
        return string.IsNullOrEmpty(token) ? text : text.Replace(token, "***", StringComparison.Ordinal);
    }

    private string Describe() => options.Host.ToString().TrimEnd('/');

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return OneLine(e.Message);
    }
}
