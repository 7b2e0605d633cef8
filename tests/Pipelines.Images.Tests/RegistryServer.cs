using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipelines.Images.Tests;

/// <summary>A distribution registry (Debian's docker-registry, distribution 2.8) run by the tests on 127.0.0.1 with a
/// free port and a temporary storage directory. Installs the package when the binary is missing (as root, with
/// apt-get). Can be stopped and restarted on the same port and storage.</summary>
internal sealed class RegistryServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly string _root;
    private readonly string? _auth;
    private Process? _process;
    private readonly StringBuilder _log = new();

    private RegistryServer(string root, int port, string? auth)
    {
        _root = root;
        Port = port;
        _auth = auth;
    }

    public int Port { get; }
    public string Address => $"127.0.0.1:{Port}";
    public string Root => _root;
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    /// <summary><paramref name="authYaml"/>: an <c>auth:</c> section for config.yml (htpasswd or token), or null.</summary>
    public static async Task<RegistryServer> StartAsync(string? authYaml = null)
    {
        var binary = await EnsureBinaryAsync();
        var root = Path.Combine(Path.GetTempPath(), "pipelines-images-registry", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "storage"));
        var server = new RegistryServer(root, FreePort(), authYaml) { _binary = binary };
        await server.StartProcessAsync();
        return server;
    }

    private string _binary = "";

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task StartProcessAsync()
    {
        var config = Path.Combine(_root, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            {_auth ?? ""}
            """);
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_log) { _log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_log) { _log.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {process.ExitCode}: {Log}");
            }
            try
            {
                using var response = await http.GetAsync($"http://{Address}/v2/");
                return; // 200 or 401: it is serving.
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(25);
        }
        throw new InvalidOperationException($"docker-registry did not start listening on {Address}: {Log}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public Task RestartAsync() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> EnsureBinaryAsync()
    {
        foreach (var candidate in new[] { "/usr/bin/docker-registry", "/usr/local/bin/docker-registry", "/usr/bin/registry" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists("/usr/bin/docker-registry") && File.Exists("/usr/bin/apt-get"))
            {
                var start = new ProcessStartInfo("/bin/sh", "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry\"")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using var install = Process.Start(start)!;
                var output = install.StandardOutput.ReadToEndAsync();
                var error = await install.StandardError.ReadToEndAsync();
                await install.WaitForExitAsync();
                if (!File.Exists("/usr/bin/docker-registry"))
                {
                    Assert.Fail($"docker-registry is not installed and 'apt-get install docker-registry' failed ({install.ExitCode}): {await output}{error}");
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }
        return "/usr/bin/docker-registry";
    }
}
