using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Build.Framework;
using Task = Microsoft.Build.Utilities.Task;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// Loads the docker-loadable archives of the component images into a local Docker engine
/// (<c>-p:PipelineLoadImages=true</c>), for local runs: through the engine API with Docker.DotNet,
/// at <c>$(DOCKER_HOST)</c> or the platform's default socket.
/// </summary>
public sealed class LoadComponentImages : Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required] public ITaskItem[] Archives { get; set; } = [];
    /// <summary>The engine endpoint (<c>unix:///var/run/docker.sock</c>, <c>tcp://host:2375</c>); empty for the default.</summary>
    public string? DockerHost { get; set; }

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        var endpoint = string.IsNullOrEmpty(DockerHost)
            ? (OperatingSystem.IsWindows() ? "npipe://./pipe/docker_engine" : "unix:///var/run/docker.sock")
            : DockerHost;
        // The schemes Docker.DotNet can talk to; anything else would throw from its constructor.
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "npipe" or "tcp" or "http" or "https"))
        {
            Log.LogError(null, SdkDiagnostics.DockerLoadFailed, null, null, 0, 0, 0, 0,
                $"DOCKER_HOST '{endpoint}' is not a Docker engine address: write unix:///path/docker.sock, tcp://host:port or npipe://./pipe/name.");
            return false;
        }
        try
        {
            using var configuration = new DockerClientConfiguration(uri);
            using var client = configuration.CreateClient();
            foreach (var archive in Archives)
            {
                using var stream = File.OpenRead(archive.ItemSpec);
                var messages = new List<string>();
                client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, stream,
                    new Progress<JSONMessage>(m => { lock (messages) if (m.Stream is { Length: > 0 } s) messages.Add(s.Trim()); }), _cancel.Token)
                    .GetAwaiter().GetResult();
                Log.LogMessage(MessageImportance.High, $"  loaded {Path.GetFileNameWithoutExtension(archive.ItemSpec)} into Docker ({endpoint}){(messages.Count > 0 ? ": " + string.Join("; ", messages) : "")}");
            }
            return true;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            Log.LogError(null, SdkDiagnostics.DockerLoadFailed, null, null, 0, 0, 0, 0,
                $"Cannot load the component images into Docker at {endpoint}: {e.Message.TrimEnd('.')}. Is the engine running (or DOCKER_HOST set)?");
            return false;
        }
    }
}
