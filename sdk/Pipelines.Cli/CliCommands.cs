using System.CommandLine;
using System.Text.Json;
using Pipelines.Local;
using Spectre.Console;

namespace Pipelines.Cli;

/// <summary>The command line: <c>pipelines run [pipeline] [options]</c>, a thin shell over <see cref="LocalRunner"/>.</summary>
internal static class CliCommands
{
    public const int ExitSucceeded = 0, ExitFailed = 1, ExitBadInput = 2, ExitCancelled = 130;

    public static RootCommand Build()
    {
        var target = new Argument<string?>("pipeline") { Description = "Pipeline YAML, a folder holding pipelines/*.yaml, or a pipeline name (optional when there is one)", Arity = ArgumentArity.ZeroOrOne };
        var mode = new Option<string>("--mode") { Description = "process (our .NET components as child processes) or docker (every task in its image)", DefaultValueFactory = _ => "process" };
        mode.AcceptOnlyFromAmong("process", "docker");
        var set = new Option<string[]>("--set") { Description = "A run parameter: --set name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var parallel = new Option<int>("--parallel") { Description = "How many tasks run at once (default: cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noCache = new Option<bool>("--no-cache") { Description = "Run every task even when a cached result exists" };
        var runsRoot = new Option<string?>("--runs-root") { Description = "Where run directories go (default ./pipeline-runs)" };
        var cacheRoot = new Option<string?>("--cache-root") { Description = "Where cached results are recorded (default <runs root>/.cache)" };
        var secret = new Option<string[]>("--secret") { Description = "A local secret value: --secret name.key=value (repeatable)" };
        var secretsFile = new Option<string?>("--secrets-file") { Description = "JSON file {\"secret-name\": {\"key\": \"value\"}}" };
        var configMap = new Option<string[]>("--config-map") { Description = "A local config map value: --config-map name.key=value (repeatable)" };
        var networkNone = new Option<bool>("--network-none") { Description = "Docker mode: containers get no network" };
        var appDir = new Option<string?>("--app-dir") { Description = "Process mode: the folder holding the app the YAML's command names (default: the build output above pipelines/)", Recursive = true };
        var imageLayout = new Option<string?>("--image-layout") { Description = "Docker mode: OCI image layout with the component images (default: images/ beside pipelines/)" };
        var pipelinesDir = new Option<string?>("--pipelines-dir") { Description = "Where pipeline names are looked up (set by `dotnet run` of a pipeline project)", Hidden = true, Recursive = true };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even on a terminal" };

        var run = new Command("run", "Run a KFP v2 pipeline YAML on this machine")
        {
            target, mode, set, parallel, noCache, runsRoot, cacheRoot, secret, secretsFile, configMap, networkNone, imageLayout, plain,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var yaml = PipelineLocator.Resolve(parse.GetValue(target), parse.GetValue(pipelinesDir));
                var parameters = KeyValues(parse.GetValue(set) ?? [], "--set");
                var options = new RunOptions
                {
                    Mode = parse.GetValue(mode) == "docker" ? RunMode.Docker : RunMode.Process,
                    Parallelism = parse.GetValue(parallel),
                    UseCache = !parse.GetValue(noCache),
                    RunsRoot = parse.GetValue(runsRoot),
                    CacheRoot = parse.GetValue(cacheRoot),
                    Secrets = Named(parse.GetValue(secret) ?? [], "--secret", parse.GetValue(secretsFile)),
                    ConfigMaps = Named(parse.GetValue(configMap) ?? [], "--config-map", null),
                    NoNetwork = parse.GetValue(networkNone),
                    AppDirectory = parse.GetValue(appDir),
                    ImageLayout = parse.GetValue(imageLayout),
                };
                var live = !parse.GetValue(plain) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
                return await RunView.RunAsync(yaml, parameters, options, live, cancellationToken);
            }
            catch (LocalRunException e)
            {
                Console.Error.WriteLine(e.ToString());
                return ExitBadInput;
            }
        });
        // Recursive: `dotnet run` of a pipeline project puts them before the user's `run …`.
        return KfpCommands.AddTo(new RootCommand("Pipelines.Sdk local runner: runs Kubeflow Pipelines v2 YAML on this machine") { run, appDir, pipelinesDir });
    }

    private static Dictionary<string, string> KeyValues(IEnumerable<string> items, string flag)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new LocalRunException(LocalDiagnostics.BadOption, $"{flag} '{item}': expected name=value");
            result[item[..eq]] = item[(eq + 1)..];
        }
        return result;
    }

    /// <summary><c>name.key=value</c> items (and a JSON file) into name → key → value.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, string>> Named(IEnumerable<string> items, string flag, string? file)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (file is not null)
        {
            try
            {
                var parsed = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(file))
                    ?? throw new JsonException("empty");
                foreach (var (name, values) in parsed) result[name] = new Dictionary<string, string>(values, StringComparer.Ordinal);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                throw new LocalRunException(LocalDiagnostics.BadOption, $"--secrets-file '{file}': {e.Message.Split('\n')[0]} (expected {{\"name\": {{\"key\": \"value\"}}}})");
            }
        }
        foreach (var (nameKey, value) in KeyValues(items, flag))
        {
            var dot = nameKey.IndexOf('.');
            if (dot <= 0 || dot == nameKey.Length - 1) throw new LocalRunException(LocalDiagnostics.BadOption, $"{flag} '{nameKey}=…': expected name.key=value");
            var name = nameKey[..dot];
            if (!result.TryGetValue(name, out var values)) result[name] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            values[nameKey[(dot + 1)..]] = value;
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value, StringComparer.Ordinal);
    }
}
