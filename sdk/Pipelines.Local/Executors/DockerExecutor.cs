namespace Pipelines.Local;

internal static class DockerExecutor
{
    public static Task<ITaskExecutor> ConnectAsync(RunOptions options, string yamlPath, CancellationToken cancellationToken) =>
        throw new LocalRunException(LocalDiagnostics.DockerUnreachable, "docker mode is not available yet");
}
