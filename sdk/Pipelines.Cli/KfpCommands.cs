using System.CommandLine;
using Pipelines.Kfp;
using Pipelines.Kfp.Api;
using Spectre.Console;

namespace Pipelines.Cli;

/// <summary>
/// <c>pipelines upload</c> and <c>pipelines submit</c>: a thin shell over Pipelines.Kfp (KFP's REST
/// API v2beta1). Errors are one line with a PIPE6xxx code; the token is never printed.
/// </summary>
internal static class KfpCommands
{
    private static readonly HashSet<string> BadInputCodes =
    [
        KfpDiagnostics.BadHost, KfpDiagnostics.TokenUnavailable, KfpDiagnostics.NotAPipeline, KfpDiagnostics.UnknownParameter,
        KfpDiagnostics.WrongParameterType, KfpDiagnostics.MissingParameter, KfpDiagnostics.BadCaFile,
    ];

    public static RootCommand AddTo(RootCommand root)
    {
        root.Add(Upload());
        root.Add(Submit());
        return root;
    }

    /// <summary>The options both commands share: where KFP is and how to authenticate.</summary>
    private sealed class Connection
    {
        public readonly Argument<string> Yaml = new("pipeline") { Description = "Compiled pipeline YAML (pipelines/<name>.yaml of a build)" };
        public readonly Option<string> Host = new("--host") { Description = "KFP endpoint (required), e.g. https://kubeflow.example.com/pipeline or http://localhost:8888" };
        public readonly Option<string?> Namespace = new("--namespace") { Description = "Multi-user KFP: the profile namespace" };
        public readonly Option<string?> Token = new("--token") { Description = "Bearer token (else --token-file, KF_PIPELINES_TOKEN, KF_PIPELINES_SA_TOKEN_PATH, the in-cluster token); visible to other local users in the process list, so prefer those" };
        public readonly Option<string?> TokenFile = new("--token-file") { Description = "File holding the bearer token (a service-account token; read again on every request)" };
        public readonly Option<string?> CaFile = new("--ca-file") { Description = "PEM file with the CA certificate(s) of the server's TLS certificate" };
        public readonly Option<int> Retries = new("--max-retries") { Description = "Retries of a request that failed with 5xx/429 or a connection error", DefaultValueFactory = _ => 5 };
        public readonly Option<string?> PipelineName = new("--name") { Description = "Pipeline name on KFP (default: pipelineInfo.name of the YAML)" };
        public readonly Option<string?> VersionName = new("--version-name") { Description = "Pipeline version name (default: the build's version in the YAML, else a digest of the file)" };

        public void AddTo(Command command)
        {
            foreach (var symbol in new Symbol[] { Yaml, Host, Namespace, Token, TokenFile, CaFile, Retries, PipelineName, VersionName })
            {
                if (symbol is Argument argument) command.Add(argument);
                else command.Add((Option)symbol);
            }
        }

        public KfpClient Client(ParseResult parse) => new(new KfpClientOptions
        {
            Host = KfpClientOptions.ParseHost(parse.GetValue(Host)),
            Namespace = parse.GetValue(Namespace) is { Length: > 0 } ns ? ns : null,
            Token = TokenSource.Resolve(parse.GetValue(Token), parse.GetValue(TokenFile)),
            CaFile = parse.GetValue(CaFile),
            MaxRetryAttempts = parse.GetValue(Retries),
        });
    }

    private static Command Upload()
    {
        var connection = new Connection();
        var command = new Command("upload", "Upload a pipeline YAML to Kubeflow Pipelines as a new version (the pipeline is created when new)");
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => Guarded(async () =>
        {
            var package = PipelinePackage.Load(parse.GetValue(connection.Yaml)!);
            using var client = connection.Client(parse);
            var published = await PipelinePublisher.PublishAsync(client, package, parse.GetValue(connection.PipelineName) ?? package.Name,
                parse.GetValue(connection.VersionName) ?? package.DefaultVersionName, reuseVersion: false, cancellationToken);
            Report(published);
            return CliCommands.ExitSucceeded;
        }));
        return command;
    }

    private static Command Submit()
    {
        var connection = new Connection();
        var experiment = new Option<string?>("--experiment") { Description = "Experiment to run in (created when missing; default: KFP's default experiment, or 'Default' with --namespace)" };
        var set = new Option<string[]>("--set") { Description = "A run parameter: --set name=value (repeatable), typed per the pipeline's inputs" };
        var runName = new Option<string?>("--run-name") { Description = "Run display name (default: <pipeline> <UTC time>)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run until it ends; exit non-zero unless it succeeds" };
        var interval = new Option<double>("--poll-interval") { Description = "Seconds between state checks with --wait", DefaultValueFactory = _ => 5 };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even on a terminal" };
        var command = new Command("submit", "Upload a pipeline YAML (when its version is new) and start a run on Kubeflow Pipelines") { experiment, set, runName, wait, interval, plain };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => Guarded(async () =>
        {
            var package = PipelinePackage.Load(parse.GetValue(connection.Yaml)!);
            var parameters = RunParameters.Convert(package, KeyValues(parse.GetValue(set) ?? []));
            using var client = connection.Client(parse);
            var published = await PipelinePublisher.PublishAsync(client, package, parse.GetValue(connection.PipelineName) ?? package.Name,
                parse.GetValue(connection.VersionName) ?? package.DefaultVersionName, reuseVersion: true, cancellationToken);
            Report(published);

            var experimentName = parse.GetValue(experiment) ?? (parse.GetValue(connection.Namespace) is { Length: > 0 } ? "Default" : null);
            string? experimentId = null;
            if (experimentName is not null)
            {
                var found = await PipelinePublisher.EnsureExperimentAsync(client, experimentName, cancellationToken);
                experimentId = found.ExperimentId;
                Console.Out.WriteLine($"experiment {experimentName}: {experimentId}");
            }
            var run = await client.CreateRunAsync(new Run
            {
                DisplayName = parse.GetValue(runName) ?? $"{package.Name} {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}",
                ExperimentId = experimentId,
                PipelineVersionReference = new PipelineVersionReference { PipelineId = published.Pipeline.PipelineId, PipelineVersionId = published.Version.PipelineVersionId },
                RuntimeConfig = new RuntimeConfig { Parameters = parameters },
            }, cancellationToken);
            var runId = run.RunId ?? throw new KfpException(KfpDiagnostics.Rejected, $"KFP {client.Host}: create run: the answer has no run_id");
            Console.Out.WriteLine($"run {run.DisplayName}: {runId}");
            Console.Out.WriteLine(client.RunUrl(runId));
            if (!parse.GetValue(wait)) return CliCommands.ExitSucceeded;

            var live = !parse.GetValue(plain) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            var every = TimeSpan.FromSeconds(Math.Max(parse.GetValue(interval), 0.05));
            Run final;
            if (live)
            {
                Run? last = null;
                await AnsiConsole.Status().StartAsync($"run {runId}: starting", async ctx =>
                {
                    last = await RunWatcher.WaitAsync(client, runId, every, r => ctx.Status($"run {runId}: {r.State ?? RuntimeState.Unspecified}"), cancellationToken);
                });
                final = last!;
            }
            else
            {
                final = await RunWatcher.WaitAsync(client, runId, every, r => Console.Out.WriteLine($"run {runId}: {r.State ?? RuntimeState.Unspecified}"), cancellationToken);
            }

            if (RuntimeState.IsSuccess(final.State))
            {
                Console.Out.WriteLine($"run {runId} {final.State}");
                return CliCommands.ExitSucceeded;
            }
            var why = final.Error?.Message is { Length: > 0 } message ? ": " + message.ReplaceLineEndings(" ") : "";
            Console.Error.WriteLine(new KfpException(KfpDiagnostics.RunNotSucceeded, $"run {runId} ({client.RunUrl(runId)}) ended {final.State}{why}"));
            return CliCommands.ExitFailed;
        }));
        return command;
    }

    private static void Report(PublishedPipeline published)
    {
        Console.Out.WriteLine($"pipeline {published.Pipeline.Name}: {published.Pipeline.PipelineId} ({(published.CreatedPipeline ? "created" : "exists")})");
        Console.Out.WriteLine($"version {published.Version.Name}: {published.Version.PipelineVersionId} ({(published.CreatedVersion ? "uploaded" : "exists, reused")})");
    }

    private static Dictionary<string, string> KeyValues(IEnumerable<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new KfpException(KfpDiagnostics.UnknownParameter, $"--set '{item}': expected name=value");
            result[item[..eq]] = item[(eq + 1)..];
        }
        return result;
    }

    private static async Task<int> Guarded(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (KfpException e)
        {
            Console.Error.WriteLine(e.ToString());
            return BadInputCodes.Contains(e.Code) ? CliCommands.ExitBadInput : CliCommands.ExitFailed;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled (a run already started goes on on the server)");
            return CliCommands.ExitCancelled;
        }
    }
}
