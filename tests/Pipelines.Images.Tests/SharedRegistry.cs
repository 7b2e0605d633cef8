namespace Pipelines.Images.Tests;

/// <summary>The registry most tests share: <c>PIPELINES_TEST_REGISTRY</c> (host:port) when set, else one started here
/// for the whole test run. Tests use unique repository names, so they do not see each other's pushes.</summary>
[TestClass]
public static class SharedRegistry
{
    private static readonly Lazy<Task<(string Address, RegistryServer? Server)>> Instance = new(async () =>
    {
        var external = Environment.GetEnvironmentVariable("PIPELINES_TEST_REGISTRY");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return (external.Trim(), null);
        }
        var server = await RegistryServer.StartAsync();
        return (server.Address, server);
    });

    public static async Task<string> GetAddressAsync() => (await Instance.Value).Address;

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (Instance.IsValueCreated && Instance.Value.IsCompletedSuccessfully && Instance.Value.Result.Server is { } server)
        {
            await server.DisposeAsync();
        }
    }
}
