namespace Pipelines.Sdk.Tests.Infrastructure;

/// <summary>
/// The Docker engine, loopback registry and offline-built .NET base image that image tests use
/// (build/test-env). build/test.sh starts it; a test run without it starts it here (up.sh is
/// idempotent and reuses whatever already runs) and leaves it up for the next run.
/// </summary>
internal static class TestEnvironment
{
    private const string EnvFile = "/run/pipelines-test/env";
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_values = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string DockerHost => Get("DOCKER_HOST");
    public static string Registry => Get("PIPELINES_TEST_REGISTRY");
    public static string BaseLayout => Get("PIPELINES_TEST_BASE_LAYOUT");
    /// <summary>The offline base image as loaded into the engine (name:tag).</summary>
    public static string BaseImage => Get("PIPELINES_TEST_BASE_IMAGE");

    /// <summary>Environment for `docker` commands.</summary>
    public static IDictionary<string, string> DockerEnv => new Dictionary<string, string> { ["DOCKER_HOST"] = DockerHost };

    private static string Get(string name) => s_values.Value.TryGetValue(name, out var v) && v.Length > 0
        ? v : throw new InvalidOperationException($"{name} is not set by build/test-env/up.sh ({EnvFile}).");

    private static IReadOnlyDictionary<string, string> Start()
    {
        if (!File.Exists(EnvFile))
        {
            DotnetCli.Run("bash", [Path.Combine(RepoPaths.Root, "build", "test-env", "up.sh")], RepoPaths.Root, timeoutSeconds: 900)
                .AssertSuccess("build/test-env/up.sh");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(EnvFile))
        {
            var text = line.Trim();
            if (!text.StartsWith("export ", StringComparison.Ordinal)) continue;
            var eq = text.IndexOf('=');
            values[text[7..eq]] = text[(eq + 1)..].Trim('"', '\'');
        }
        return values;
    }
}
