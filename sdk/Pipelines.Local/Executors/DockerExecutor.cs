using Docker.DotNet;
using Docker.DotNet.Models;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>
/// Docker mode: every task in its pinned image through the engine API (Docker.DotNet), with the
/// resolved command line as the entrypoint (KFP's command + args), the runs root mounted at the
/// same path (artifact URIs are local paths), cpu/memory limits applied and, on request, no network.
/// The container keeps its image's user (1654 for ours): task directories are opened for it
/// instead of running as root (see README, Running locally).
/// </summary>
internal sealed class DockerExecutor : ITaskExecutor
{
    private readonly DockerClient _client;
    private readonly RunOptions _options;
    private readonly string? _layout;
    private readonly Dictionary<string, string> _images = new(StringComparer.Ordinal);

    private DockerExecutor(DockerClient client, RunOptions options, string? layout)
    {
        _client = client;
        _options = options;
        _layout = layout;
    }

    public static async Task<ITaskExecutor> ConnectAsync(RunOptions options, string yamlPath, CancellationToken cancellationToken)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var endpoint = options.DockerEndpoint ?? (string.IsNullOrEmpty(fromEnvironment) ? "unix:///var/run/docker.sock" : fromEnvironment);
        // The schemes Docker.DotNet talks; it throws a bare Exception for any other.
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "npipe" or "tcp" or "http" or "https"))
        {
            throw new LocalRunException(LocalDiagnostics.DockerUnreachable,
                $"Docker endpoint '{endpoint}' is not a Docker engine address: write unix:///path/docker.sock, tcp://host:port or npipe://./pipe/name");
        }
        var client = new DockerClientConfiguration(uri).CreateClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await client.System.PingAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or OperationCanceledException or DockerApiException or System.Net.Sockets.SocketException)
        {
            client.Dispose();
            if (cancellationToken.IsCancellationRequested) throw;
            throw new LocalRunException(LocalDiagnostics.DockerUnreachable, $"Docker is not reachable at {endpoint} ({e.Message.Split('\n')[0]}); start the engine or set DOCKER_HOST, or use --mode process");
        }
        var layout = options.ImageLayout ?? Path.Combine(LocalRunner.DefaultAppDirectory(yamlPath), "images");
        if (!File.Exists(Path.Combine(layout, "index.json")))
        {
            layout = options.ImageLayout is null ? null
            : throw new LocalRunException(LocalDiagnostics.BadOption, $"--image-layout '{options.ImageLayout}' is not an OCI image layout (no index.json)");
        }

        return new DockerExecutor(client, options, layout);
    }

    public async Task PrepareAsync(PipelinePackage package, IReadOnlyCollection<ContainerExecutor> executors, CancellationToken cancellationToken)
    {
        var images = new DockerImages(_client, _layout);
        foreach (var image in executors.Select(e => e.Image).Distinct(StringComparer.Ordinal))
            _images[image] = await images.EnsureAsync(image, cancellationToken);
    }

    public IEnumerable<string> Notices(IReadOnlyCollection<ContainerExecutor> executors)
    {
        var accelerated = executors.Where(e => e.AcceleratorCount > 0).Select(e => e.Label).ToList();
        if (accelerated.Count > 0) yield return $"accelerators are requested from the engine as GPUs (--gpus): {string.Join(", ", accelerated)}";
    }

    public async Task<ExecutionResult> RunAsync(TaskExecution execution, CancellationToken cancellationToken)
    {
        var executor = execution.Executor;
        var host = new HostConfig
        {
            Binds = execution.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}{(m.ReadOnly ? ":ro" : "")}").ToList(),
            NetworkMode = _options.NoNetwork ? "none" : null,
            NanoCPUs = ResourceQuantities.NanoCpus(executor.CpuLimit) ?? 0,
            Memory = ResourceQuantities.Bytes(executor.MemoryLimit) ?? 0,
        };
        if (executor.AcceleratorCount > 0)
            host.DeviceRequests = [new DeviceRequest { Count = executor.AcceleratorCount, Capabilities = [["gpu"]] }];
        var create = new CreateContainerParameters
        {
            Image = _images.GetValueOrDefault(executor.Image, executor.Image),
            Entrypoint = execution.CommandLine.ToList(),
            Cmd = [],
            Env = execution.Environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            HostConfig = host,
            Labels = new Dictionary<string, string> { ["pipelines.local.task"] = execution.TaskPath },
        };
        CreateContainerResponse created;
        try
        {
            created = await _client.Containers.CreateContainerAsync(create, cancellationToken);
        }
        catch (DockerApiException e)
        {
            return new ExecutionResult(-1, $"cannot create the container: {e.Message.Split('\n')[0]}");
        }
        var id = created.ID;
        try
        {
            await _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
            var wait = _client.Containers.WaitContainerAsync(id, CancellationToken.None);
            await using (var stdout = new FileStream(execution.StdoutPath, FileMode.Append, FileAccess.Write, FileShare.Read))
            await using (var stderr = new FileStream(execution.StderrPath, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                try
                {
                    using var logs = await _client.Containers.GetContainerLogsAsync(id, false,
                        new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, cancellationToken);
                    await logs.CopyOutputToAsync(Stream.Null, stdout, stderr, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await StopAsync(id);
                    throw;
                }
            }
            var exit = await wait.WaitAsync(cancellationToken);
            return new ExecutionResult((int)exit.StatusCode);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(id);
            throw;
        }
        catch (DockerApiException e)
        {
            return new ExecutionResult(-1, $"container failed: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            try { await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None); }
            catch (DockerApiException) { /* already removed */ }
        }
    }

    private async Task StopAsync(string id)
    {
        try { await _client.Containers.KillContainerAsync(id, new ContainerKillParameters(), CancellationToken.None); }
        catch (DockerApiException) { /* not running any more */ }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
