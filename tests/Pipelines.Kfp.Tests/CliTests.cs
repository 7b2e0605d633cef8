using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Kfp.Tests.FakeKfp;

namespace Pipelines.Kfp.Tests;

/// <summary>`pipelines upload` and `pipelines submit`, run as a process against FakeKfpServer.</summary>
[TestClass]
public sealed class CliTests
{
    private const string Token = "cli-secret-token-7f3a9c";

    private static async Task<FakeKfpServer> StartAsync()
    {
        var server = await FakeKfpServer.StartAsync();
        server.AllowToken(Token);
        return server;
    }

    private static string[] Args(FakeKfpServer server, string command, string yaml, params string[] more) =>
        [command, yaml, "--host", server.Host.ToString(), "--token", Token, .. more];

    [TestMethod]
    public async Task Upload_creates_the_pipeline_and_the_builds_version()
    {
        await using var server = await StartAsync();
        var yaml = TestPipelines.Write(TestPipelines.ChurnTraining);

        var result = await CliRunner.RunAsync(Args(server, "upload", yaml));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Stdout, "pipeline churn-training:");
        StringAssert.Contains(result.Stdout, "(created)");
        StringAssert.Contains(result.Stdout, "version 1.2.0+abc123:");
        StringAssert.Contains(result.Stdout, "(uploaded)");
        Assert.IsTrue(server.Versions.Any(v => v["name"]!.GetValue<string>() == "1.2.0+abc123"));

        var again = await CliRunner.RunAsync(Args(server, "upload", yaml));
        Assert.AreEqual(1, again.ExitCode, again.ToString());
        StringAssert.StartsWith(again.Stderr, "error PIPE6007: ");
        StringAssert.Contains(again.Stderr, "already has a version '1.2.0+abc123'");

        var named = await CliRunner.RunAsync(Args(server, "upload", yaml, "--version-name", "hotfix-1"));
        Assert.AreEqual(0, named.ExitCode, named.ToString());
        StringAssert.Contains(named.Stdout, "(exists)");
        StringAssert.Contains(named.Stdout, "version hotfix-1:");
    }

    [TestMethod]
    public async Task Submit_sends_parameters_typed_per_the_pipelines_inputs_and_prints_the_run_URL()
    {
        await using var server = await StartAsync();
        var yaml = TestPipelines.Write(TestPipelines.ChurnTraining);

        var result = await CliRunner.RunAsync(Args(server, "submit", yaml, "--experiment", "churn",
            "--set", "epochs=20", "--set", "learning_rate=0.05", "--set", "region=eu-west", "--set", "shuffle=false",
            "--set", "tags=[\"a\",\"b\"]", "--set", "config={\"depth\": 3}", "--run-name", "nightly"));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var run = server.Runs.Single();
        var runId = run["run_id"]!.GetValue<string>();
        StringAssert.Contains(result.Stdout, $"{server.Host}#/runs/details/{runId}");
        Assert.AreEqual("nightly", run["display_name"]!.GetValue<string>());
        Assert.AreEqual(server.Experiments.Single()["experiment_id"]!.GetValue<string>(), run["experiment_id"]!.GetValue<string>());
        Assert.AreEqual("churn", server.Experiments.Single()["display_name"]!.GetValue<string>());
        var parameters = run["runtime_config"]!["parameters"]!.AsObject();
        Assert.AreEqual("""{"epochs":20,"learning_rate":0.05,"region":"eu-west","shuffle":false,"tags":["a","b"],"config":{"depth":3}}""",
            new JsonObject(parameters.OrderBy(p => Order(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());
        Assert.AreEqual(JsonValueKind.Number, parameters["epochs"]!.GetValueKind());
        var version = server.Versions.Single(v => v["pipeline_version_id"]!.GetValue<string>() == run["pipeline_version_reference"]!["pipeline_version_id"]!.GetValue<string>());
        Assert.AreEqual("1.2.0+abc123", version["name"]!.GetValue<string>());

        // A second submit of the same build reuses the version and the experiment.
        var second = await CliRunner.RunAsync(Args(server, "submit", yaml, "--experiment", "churn", "--set", "region=us"));
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Stdout, "exists, reused");
        Assert.AreEqual(2, server.Versions.Length);
        Assert.AreEqual(1, server.Experiments.Length);
        Assert.AreEqual(2, server.Runs.Length);
        Assert.IsFalse(result.Output.Contains(Token) || second.Output.Contains(Token));
    }

    private static int Order(string key) => Array.IndexOf(["epochs", "learning_rate", "region", "shuffle", "tags", "config"], key);

    [TestMethod]
    public async Task Submit_wait_follows_the_run_to_SUCCEEDED()
    {
        await using var server = await StartAsync();
        server.RunScript = ["PENDING", "RUNNING", "RUNNING", "SUCCEEDED"];
        var result = await CliRunner.RunAsync(Args(server, "submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--set", "region=eu", "--wait", "--poll-interval", "0.05"));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var runId = server.Runs.Single()["run_id"]!.GetValue<string>();
        var states = result.Stdout.Split('\n').Where(l => l.StartsWith($"run {runId}: ", StringComparison.Ordinal)).Select(l => l[$"run {runId}: ".Length..].Trim()).ToArray();
        CollectionAssert.AreEqual(new[] { "PENDING", "RUNNING", "SUCCEEDED" }, states);
        StringAssert.Contains(result.Stdout, $"run {runId} SUCCEEDED");
        Assert.AreEqual(4, server.Requests.Count(r => r.Method == "GET" && r.Path == $"/apis/v2beta1/runs/{runId}"));
    }

    [TestMethod]
    public async Task Submit_wait_exits_non_zero_when_the_run_fails()
    {
        await using var server = await StartAsync();
        server.RunScript = ["RUNNING", "FAILED"];
        var result = await CliRunner.RunAsync(Args(server, "submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--set", "region=eu", "--wait", "--poll-interval", "0.05"));

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, "error PIPE6014: run ");
        StringAssert.Contains(result.Stderr, "ended FAILED: task 'train' failed: exit code 1");
        Assert.AreEqual(1, result.Stderr.Trim().Split('\n').Length, result.Stderr);
    }

    [TestMethod]
    public async Task Submit_rides_out_a_short_503_storm()
    {
        await using var server = await StartAsync();
        server.FailNext(2, HttpStatusCode.ServiceUnavailable, retryAfter: "0");
        var result = await CliRunner.RunAsync(Args(server, "submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--set", "region=eu"));
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(1, server.Runs.Length);
    }

    [TestMethod]
    public async Task A_storm_longer_than_the_budget_is_one_error_line()
    {
        await using var server = await StartAsync();
        server.FailNext(50, HttpStatusCode.ServiceUnavailable, retryAfter: "0");
        var result = await CliRunner.RunAsync(Args(server, "submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--set", "region=eu", "--max-retries", "2"));
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.AreEqual($"error PIPE6006: KFP {server.Host.ToString().TrimEnd('/')}: find pipeline 'churn-training': 503 Service Unavailable: upstream connect error or disconnect/reset before headers (gave up after 3 attempts)",
            result.Stderr.Trim());
        Assert.IsEmpty(server.Runs);
    }

    [TestMethod]
    public async Task A_rejected_token_is_a_401_line_that_never_shows_the_token()
    {
        await using var server = await FakeKfpServer.StartAsync();
        var result = await CliRunner.RunAsync(Args(server, "submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--set", "region=eu"));
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, "error PIPE6003: ");
        StringAssert.Contains(result.Stderr, "check the token");
        Assert.IsFalse(result.Output.Contains(Token), result.ToString());
        Assert.AreEqual("Bearer " + Token, server.Requests.Single().Authorization);
    }

    [TestMethod]
    public async Task Token_comes_from_a_file_named_by_KF_PIPELINES_SA_TOKEN_PATH()
    {
        await using var server = await StartAsync();
        var tokenFile = TestPipelines.Write(Token + "\n", "token");
        var result = await CliRunner.RunAsync(["submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--host", server.Host.ToString(), "--set", "region=eu"],
            new Dictionary<string, string?> { [TokenSource.TokenPathVariable] = tokenFile });
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsTrue(server.Requests.All(r => r.Authorization == "Bearer " + Token));
        Assert.IsFalse(result.Output.Contains(Token));
    }

    [TestMethod]
    public async Task Namespace_goes_to_uploads_lookups_and_the_Default_experiment()
    {
        await using var server = await StartAsync();
        var result = await CliRunner.RunAsync(Args(server, "submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--set", "region=eu", "--namespace", "team-a"));
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("team-a", server.Requests.Single(r => r.Path.EndsWith("/pipelines/upload", StringComparison.Ordinal)).Query["namespace"]);
        Assert.AreEqual("team-a", server.Pipelines.Single()["namespace"]!.GetValue<string>());
        var experiment = server.Experiments.Single();
        Assert.AreEqual("Default", experiment["display_name"]!.GetValue<string>());
        Assert.AreEqual("team-a", experiment["namespace"]!.GetValue<string>());
        Assert.AreEqual(experiment["experiment_id"]!.GetValue<string>(), server.Runs.Single()["experiment_id"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task A_namespace_the_identity_may_not_use_is_a_403_line_naming_it()
    {
        await using var server = await StartAsync();
        server.ForbidNamespace("team-b");
        var result = await CliRunner.RunAsync(["upload", TestPipelines.Write(TestPipelines.ChurnTraining), "--host", server.Host.ToString(), "--namespace", "team-b"],
            new Dictionary<string, string?> { [TokenSource.TokenVariable] = Token });
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, "error PIPE6004: ");
        StringAssert.Contains(result.Stderr, "403 Forbidden: Failed to authorize with API: PermissionDenied");
        StringAssert.Contains(result.Stderr, "check --namespace 'team-b'");
        Assert.AreEqual("Bearer " + Token, server.Requests.Single().Authorization);
        Assert.IsFalse(result.Output.Contains(Token));
    }

    [TestMethod]
    [DataRow("PIPE6010", "--set", "epoch=3", "has no parameter 'epoch' (it has config, epochs, learning_rate, region, shuffle, tags)")]
    [DataRow("PIPE6010", "--set", "region", "--set 'region': expected name=value")]
    [DataRow("PIPE6011", "--set", "epochs=2.5", "declares it NUMBER_INTEGER, and '2.5' is not an integer")]
    [DataRow("PIPE6011", "--set", "shuffle=yes", "is not true or false")]
    [DataRow("PIPE6012", "--set", "epochs=3", "needs a value for region (no default)")]
    [DataRow("PIPE6002", "--token-file", "/nonexistent/token", "token file '/nonexistent/token' cannot be read")]
    [DataRow("PIPE6013", "--ca-file", "/nonexistent/ca.pem", "--ca-file '/nonexistent/ca.pem' cannot be read")]
    public async Task Bad_input_is_one_line_with_a_code_and_nothing_is_sent(string code, string option, string value, string expected)
    {
        await using var server = await FakeKfpServer.StartAsync();
        var yaml = TestPipelines.Write(TestPipelines.ChurnTraining);
        string[] args = !value.StartsWith("region", StringComparison.Ordinal) && code != "PIPE6012"
            ? ["submit", yaml, "--host", server.Host.ToString(), option, value, "--set", "region=eu"]
            : ["submit", yaml, "--host", server.Host.ToString(), option, value];
        var result = await CliRunner.RunAsync(args);
        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, $"error {code}: ");
        StringAssert.Contains(result.Stderr, expected);
        Assert.AreEqual(1, result.Stderr.Trim().Split('\n').Length, result.Stderr);
        Assert.IsEmpty(server.Requests);
    }

    [TestMethod]
    public async Task A_bad_host_or_a_file_that_is_not_a_pipeline_is_bad_input()
    {
        var badHost = await CliRunner.RunAsync(["upload", TestPipelines.Write(TestPipelines.ChurnTraining), "--host", "kubeflow.example.com"]);
        Assert.AreEqual(2, badHost.ExitCode, badHost.ToString());
        StringAssert.StartsWith(badHost.Stderr, "error PIPE6001: --host 'kubeflow.example.com' is not an http(s) URL");

        var noHost = await CliRunner.RunAsync(["submit", TestPipelines.Write(TestPipelines.ChurnTraining), "--set", "region=eu"]);
        Assert.AreEqual(2, noHost.ExitCode, noHost.ToString());
        StringAssert.StartsWith(noHost.Stderr, "error PIPE6001: --host is required");

        var component = await CliRunner.RunAsync(["upload", TestPipelines.Write("name: train\nimplementation: {}\n"), "--host", "http://localhost:1"]);
        Assert.AreEqual(2, component.ExitCode, component.ToString());
        StringAssert.StartsWith(component.Stderr, "error PIPE6009: ");
        StringAssert.Contains(component.Stderr, "is not a KFP pipeline");
    }

    [TestMethod]
    public async Task An_unreachable_host_is_PIPE6008()
    {
        // A port nothing listens on: take one from a listener and close it.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var result = await CliRunner.RunAsync(["upload", TestPipelines.Write(TestPipelines.ChurnTraining), "--host", $"http://127.0.0.1:{port}", "--max-retries", "0"]);
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stderr, $"error PIPE6008: KFP http://127.0.0.1:{port}: find pipeline 'churn-training': cannot reach the server");
    }
}
