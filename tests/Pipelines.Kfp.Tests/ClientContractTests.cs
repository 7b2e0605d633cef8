using System.Diagnostics;
using System.Net;
using System.Text;
using Pipelines.Kfp.Api;
using Pipelines.Kfp.Tests.FakeKfp;

namespace Pipelines.Kfp.Tests;

/// <summary>Pipelines.Kfp against FakeKfpServer: uploads, runs, errors, retries, tokens, TLS.</summary>
[TestClass]
public sealed class ClientContractTests
{
    private const string Token = "tok-0123456789abcdef";

    private static async Task<FakeKfpServer> StartAsync()
    {
        var server = await FakeKfpServer.StartAsync();
        server.AllowToken(Token);
        return server;
    }

    private static KfpClient Client(FakeKfpServer server, int retries = 3, TokenSource? token = null) => new(new KfpClientOptions
    {
        Host = server.Host,
        Token = token ?? TokenSource.FromValue(Token),
        MaxRetryAttempts = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    private static PipelinePackage Package() => PipelinePackage.Load(TestPipelines.Write(TestPipelines.ChurnTraining));

    [TestMethod]
    public async Task Publish_uploads_the_pipeline_then_a_version_named_by_the_build()
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        var package = Package();
        Assert.AreEqual("1.2.0+abc123", package.DefaultVersionName);

        var published = await PipelinePublisher.PublishAsync(client, package, package.Name, package.DefaultVersionName, reuseVersion: false);

        Assert.IsTrue(published.CreatedPipeline && published.CreatedVersion);
        Assert.AreEqual("churn-training", published.Pipeline.Name);
        Assert.AreEqual("1.2.0+abc123", published.Version.Name);
        Assert.AreEqual(published.Pipeline.PipelineId, published.Version.PipelineId);
        // KFP's automatic first version plus ours.
        CollectionAssert.AreEquivalent(new[] { "churn-training", "1.2.0+abc123" }, server.Versions.Select(v => v["name"]!.GetValue<string>()).ToArray());
        var upload = server.Requests.Single(r => r.Path == "/apis/v2beta1/pipelines/upload");
        Assert.AreEqual("churn-training", upload.Query["name"]);
        Assert.AreEqual("Churn training", upload.Query["display_name"]);
        var uploadVersion = server.Requests.Single(r => r.Path == "/apis/v2beta1/pipelines/upload_version");
        Assert.AreEqual(published.Pipeline.PipelineId, uploadVersion.Query["pipelineid"]);
        Assert.IsTrue(server.Requests.All(r => r.Authorization == "Bearer " + Token));

        // upload again: the version exists, which an upload reports; a submit reuses it.
        var again = await Assert.ThrowsExactlyAsync<KfpException>(() => PipelinePublisher.PublishAsync(client, package, package.Name, package.DefaultVersionName, reuseVersion: false));
        Assert.AreEqual(KfpDiagnostics.Rejected, again.Code);
        StringAssert.Contains(again.Message, "already has a version '1.2.0+abc123'");
        var reused = await PipelinePublisher.PublishAsync(client, package, package.Name, package.DefaultVersionName, reuseVersion: true);
        Assert.IsFalse(reused.CreatedPipeline || reused.CreatedVersion);
        Assert.AreEqual(published.Version.PipelineVersionId, reused.Version.PipelineVersionId);
        Assert.AreEqual(2, server.Versions.Length);
    }

    [TestMethod]
    public async Task Get_pipeline_and_version_by_id()
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        var package = Package();
        var published = await PipelinePublisher.PublishAsync(client, package, "renamed", "v1", reuseVersion: false);
        Assert.AreEqual("renamed", (await client.GetPipelineAsync(published.Pipeline.PipelineId!)).Name);
        Assert.AreEqual("v1", (await client.GetPipelineVersionAsync(published.Pipeline.PipelineId!, published.Version.PipelineVersionId!)).Name);
        Assert.IsNull(await client.FindPipelineAsync("churn-training"));
    }

    [TestMethod]
    public async Task A_503_storm_within_the_retry_budget_is_ridden_out()
    {
        await using var server = await StartAsync();
        using var client = Client(server, retries: 4);
        server.FailNext(3, HttpStatusCode.ServiceUnavailable);

        var published = await PipelinePublisher.PublishAsync(client, Package(), "churn-training", "v1", reuseVersion: false);

        Assert.IsTrue(published.CreatedVersion);
        var requests = server.Requests;
        // three 503s on the first GET, then the same GET again and the rest.
        Assert.AreEqual(4, requests.TakeWhile(r => r.Method == "GET" && r.Path == "/apis/v2beta1/pipelines").Count());
    }

    [TestMethod]
    public async Task Uploads_are_retried_and_a_repeat_that_finds_the_object_uses_it()
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        // The pipeline upload gets through but the gateway answers 503; the retry meets 409.
        server.FailNext(1, HttpStatusCode.ServiceUnavailable, path: "/apis/v2beta1/pipelines/upload", afterProcessing: true);
        // The version upload is refused twice before the server takes it.
        server.FailNext(2, HttpStatusCode.BadGateway, path: "/apis/v2beta1/pipelines/upload_version");

        var published = await PipelinePublisher.PublishAsync(client, Package(), "churn-training", "v1", reuseVersion: false);

        Assert.AreEqual("v1", published.Version.Name);
        Assert.AreEqual(1, server.Pipelines.Length);
        var uploads = server.Requests.Where(r => r.Path == "/apis/v2beta1/pipelines/upload").ToList();
        Assert.AreEqual(2, uploads.Count);
        StringAssert.Contains(uploads[1].Answer, "already exist");
        Assert.AreEqual(3, server.Requests.Count(r => r.Path == "/apis/v2beta1/pipelines/upload_version"));
        Assert.AreEqual(2, server.Versions.Length);
        // the re-sent multipart body is the whole file each time
        Assert.IsTrue(server.Requests.Where(r => r.Path.Contains("/upload")).All(r => r.Body.Contains("pipelineInfo:") && r.Body.Contains("name=uploadfile")));
    }

    [TestMethod]
    public async Task A_503_storm_longer_than_the_budget_fails_with_one_clear_line()
    {
        await using var server = await StartAsync();
        using var client = Client(server, retries: 2);
        server.FailNext(10, HttpStatusCode.ServiceUnavailable);

        var e = await Assert.ThrowsExactlyAsync<KfpException>(() => client.FindPipelineAsync("churn-training"));

        Assert.AreEqual(KfpDiagnostics.ServerUnavailable, e.Code);
        StringAssert.Contains(e.Message, server.Host.ToString().TrimEnd('/'));
        StringAssert.Contains(e.Message, "find pipeline 'churn-training'");
        StringAssert.Contains(e.Message, "503");
        StringAssert.Contains(e.Message, "upstream connect error");
        StringAssert.Contains(e.Message, "gave up after 3 attempts");
        Assert.AreEqual(3, server.Requests.Count);
        Assert.IsFalse(e.ToString().Contains('\n'));
    }

    [TestMethod]
    public async Task Retry_After_is_honoured()
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        server.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "1");
        var clock = Stopwatch.StartNew();
        Assert.IsNull(await client.FindExperimentAsync("nope"));
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}, before Retry-After: 1");
        Assert.AreEqual(2, server.Requests.Count);
    }

    [TestMethod]
    public async Task Run_creation_is_not_repeated_on_503_but_is_on_429()
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        var published = await PipelinePublisher.PublishAsync(client, Package(), "churn-training", "v1", reuseVersion: false);
        var run = new Run
        {
            DisplayName = "r",
            PipelineVersionReference = new() { PipelineId = published.Pipeline.PipelineId, PipelineVersionId = published.Version.PipelineVersionId },
            RuntimeConfig = new() { Parameters = new() { ["region"] = "eu" } },
        };

        server.FailNext(1, HttpStatusCode.ServiceUnavailable);
        var e = await Assert.ThrowsExactlyAsync<KfpException>(() => client.CreateRunAsync(run));
        Assert.AreEqual(KfpDiagnostics.ServerUnavailable, e.Code);
        StringAssert.Contains(e.Message, "gave up after 1 attempt");
        Assert.AreEqual(1, server.Requests.Count(r => r.Path == "/apis/v2beta1/runs"));

        server.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "0");
        var created = await client.CreateRunAsync(run);
        Assert.AreEqual(RuntimeState.Pending, created.State);
        Assert.AreEqual(1, server.Runs.Length);
    }

    [TestMethod]
    public async Task Token_file_is_read_again_after_rotation()
    {
        await using var server = await FakeKfpServer.StartAsync();
        var file = TestPipelines.Write("token-A-1111\n", "token");
        server.AllowToken("token-A-1111");
        using var client = Client(server, token: TokenSource.FromFile(file));
        Assert.IsNull(await client.FindPipelineAsync("x"));

        // kubelet swaps the projected token; the old one stops working.
        File.WriteAllText(file, "token-B-2222\n");
        server.RevokeToken("token-A-1111");
        server.AllowToken("token-B-2222");
        Assert.IsNull(await client.FindPipelineAsync("x"));
        CollectionAssert.AreEqual(new[] { "Bearer token-A-1111", "Bearer token-B-2222" }, server.Requests.Select(r => r.Authorization).ToArray());

        server.RevokeToken("token-B-2222");
        var e = await Assert.ThrowsExactlyAsync<KfpException>(() => client.FindPipelineAsync("x"));
        Assert.AreEqual(KfpDiagnostics.Unauthenticated, e.Code);
        StringAssert.Contains(e.Message, "401");
        StringAssert.Contains(e.Message, "check the token");
        Assert.IsFalse(e.ToString().Contains("token-B-2222"), e.ToString());

        File.Delete(file);
        var gone = await Assert.ThrowsExactlyAsync<KfpException>(() => client.FindPipelineAsync("x"));
        Assert.AreEqual(KfpDiagnostics.TokenUnavailable, gone.Code);
        StringAssert.Contains(gone.Message, file);
    }

    [TestMethod]
    public async Task Unknown_run_is_a_404_with_the_servers_message()
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        var e = await Assert.ThrowsExactlyAsync<KfpException>(() => client.GetRunAsync("no-such-run"));
        Assert.AreEqual(KfpDiagnostics.NotFound, e.Code);
        StringAssert.Contains(e.Message, "get run no-such-run: 404 Not Found: run no-such-run not found");
    }

    [TestMethod]
    public async Task Without_a_token_the_server_answers_401()
    {
        await using var server = await StartAsync();
        using var client = Client(server, token: TokenSource.None);
        var e = await Assert.ThrowsExactlyAsync<KfpException>(() => client.FindExperimentAsync("x"));
        Assert.AreEqual(KfpDiagnostics.Unauthenticated, e.Code);
        Assert.IsNull(server.Requests.Single().Authorization);
    }

    /// <summary>The fake checks requests the way grpc-gateway does: a field KFP does not have is a 400 in KFP's error shape.</summary>
    [TestMethod]
    [DataRow("{\"display_name\": \"e\", \"bogus\": 1}", "unknown field \"bogus\"")]
    [DataRow("{\"display_name\": 5}", "invalid value for string field display_name")]
    [DataRow("{\"description\": \"no name\"}", "display_name is required")]
    public async Task The_fake_server_rejects_requests_that_KFP_would(string body, string expected)
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.Host };
        using var request = new HttpRequestMessage(HttpMethod.Post, "apis/v2beta1/experiments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", Token);
        using var response = await http.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var error = System.Text.Json.JsonSerializer.Deserialize<ErrorBody>(await response.Content.ReadAsStringAsync(), KfpJson.Options)!;
        Assert.AreEqual(3, error.Code);
        StringAssert.Contains(error.Message, expected);
        Assert.AreEqual(error.Message, error.Error);
        Assert.IsEmpty(server.Experiments);
    }

    [TestMethod]
    public async Task The_fake_server_rejects_an_upload_without_the_uploadfile_field_and_unknown_query_names()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.Host };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        var wrongField = new MultipartFormDataContent { { new StringContent(TestPipelines.ChurnTraining), "file", "p.yaml" } };
        using var response = await http.PostAsync("apis/v2beta1/pipelines/upload?name=p", wrongField);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "no such file");
        using var misspelt = await http.PostAsync("apis/v2beta1/pipelines/upload_version?pipeline_id=x", new MultipartFormDataContent { { new StringContent(TestPipelines.ChurnTraining), "uploadfile", "p.yaml" } });
        Assert.AreEqual(HttpStatusCode.BadRequest, misspelt.StatusCode);
        StringAssert.Contains(await misspelt.Content.ReadAsStringAsync(), "unknown query parameter \\u0022pipeline_id\\u0022");
    }

    [TestMethod]
    public async Task A_custom_CA_makes_a_private_certificate_trusted()
    {
        var certificates = TestCertificates.Create();
        await using var server = await FakeKfpServer.StartAsync(certificates.Server);
        server.AllowToken(Token);
        Assert.AreEqual("https", server.Host.Scheme);

        using var trusting = new KfpClient(new KfpClientOptions { Host = server.Host, Token = TokenSource.FromValue(Token), CaFile = certificates.WriteCaPem() });
        Assert.IsNull(await trusting.FindPipelineAsync("x"));

        using var plain = new KfpClient(new KfpClientOptions { Host = server.Host, Token = TokenSource.FromValue(Token), MaxRetryAttempts = 0 });
        var e = await Assert.ThrowsExactlyAsync<KfpException>(() => plain.FindPipelineAsync("x"));
        Assert.AreEqual(KfpDiagnostics.Unreachable, e.Code);
        StringAssert.Contains(e.Message, "cannot reach the server");
    }

    [TestMethod]
    public void A_CA_file_that_is_not_PEM_is_PIPE6013()
    {
        var file = TestPipelines.Write("not a certificate", "ca.pem");
        var e = Assert.ThrowsExactly<KfpException>(() => new KfpClient(new KfpClientOptions { Host = new Uri("https://localhost/"), CaFile = file }));
        Assert.AreEqual(KfpDiagnostics.BadCaFile, e.Code);
    }

    [TestMethod]
    [DataRow("kubeflow.example.com")]
    [DataRow("ftp://kubeflow.example.com")]
    [DataRow("https://user:pw@kubeflow.example.com")]
    [DataRow("")]
    public void A_host_that_is_not_an_http_URL_is_PIPE6001(string host)
    {
        var e = Assert.ThrowsExactly<KfpException>(() => KfpClientOptions.ParseHost(host));
        Assert.AreEqual(KfpDiagnostics.BadHost, e.Code);
        Assert.IsFalse(e.Message.Contains("pw"));
    }

    [TestMethod]
    public void A_host_with_a_path_keeps_it()
    {
        var host = KfpClientOptions.ParseHost("https://kubeflow.example.com/pipeline");
        Assert.AreEqual("https://kubeflow.example.com/pipeline/apis/v2beta1/runs", new Uri(host, "apis/v2beta1/runs").ToString());
    }

    [TestMethod]
    public void Token_sources_follow_the_documented_order()
    {
        var file = TestPipelines.Write("from-file", "token");
        var environment = new Dictionary<string, string?> { [TokenSource.TokenVariable] = "from-env", [TokenSource.TokenPathVariable] = file };
        Assert.AreEqual("explicit", TokenSource.Resolve("explicit", file, n => environment.GetValueOrDefault(n)).GetToken());
        Assert.AreEqual("from-file", TokenSource.Resolve(null, file, n => environment.GetValueOrDefault(n)).GetToken());
        Assert.AreEqual("from-env", TokenSource.Resolve(null, null, n => environment.GetValueOrDefault(n)).GetToken());
        environment.Remove(TokenSource.TokenVariable);
        Assert.AreEqual("from-file", TokenSource.Resolve(null, null, n => environment.GetValueOrDefault(n)).GetToken());
        var e = Assert.ThrowsExactly<KfpException>(() => TokenSource.Resolve(null, file + ".missing"));
        Assert.AreEqual(KfpDiagnostics.TokenUnavailable, e.Code);
    }
}
