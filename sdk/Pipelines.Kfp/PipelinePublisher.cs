using System.Net;
using Pipelines.Kfp.Api;

namespace Pipelines.Kfp;

/// <summary>What <see cref="PipelinePublisher"/> did: the pipeline and version to run, and which of them it created.</summary>
public sealed record PublishedPipeline(Pipeline Pipeline, PipelineVersion Version, bool CreatedPipeline, bool CreatedVersion);

/// <summary>
/// Puts a pipeline YAML on KFP as a named version of a named pipeline: uploads the pipeline when
/// it is new (KFP then adds a first version named like the pipeline) and the version when no
/// version of that name exists.
/// </summary>
public static class PipelinePublisher
{
    /// <param name="reuseVersion">
    /// true (submit): an existing version of that name is used as it is (same build, same version);
    /// false (upload): it is an error, since an upload is meant to add a version.
    /// </param>
    public static async Task<PublishedPipeline> PublishAsync(KfpClient client, PipelinePackage package, string pipelineName, string versionName,
        bool reuseVersion, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(package.Path);
        var createdPipeline = false;
        var pipeline = await client.FindPipelineAsync(pipelineName, cancellationToken);
        if (pipeline is null)
        {
            pipeline = await AlreadyExistsMeansFound(
                () => client.UploadPipelineAsync(package.Content, fileName, pipelineName, package.DisplayName, package.Description, cancellationToken),
                () => client.FindPipelineAsync(pipelineName, cancellationToken));
            createdPipeline = true;
        }
        var pipelineId = pipeline.PipelineId ?? throw new KfpException(KfpDiagnostics.Rejected, $"KFP {client.Host}: pipeline '{pipelineName}' came back without a pipeline_id");

        var existing = await client.FindPipelineVersionAsync(pipelineId, versionName, cancellationToken);
        if (existing is not null)
        {
            if (!reuseVersion)
                throw new KfpException(KfpDiagnostics.Rejected, $"KFP {client.Host}: pipeline '{pipelineName}' already has a version '{versionName}' (pass --version-name for a new one, or build a new version)");
            return new PublishedPipeline(pipeline, existing, createdPipeline, CreatedVersion: false);
        }
        var version = await AlreadyExistsMeansFound(
            () => client.UploadPipelineVersionAsync(package.Content, fileName, pipelineId, versionName, package.Description, cancellationToken),
            () => client.FindPipelineVersionAsync(pipelineId, versionName, cancellationToken));
        return new PublishedPipeline(pipeline, version, createdPipeline, CreatedVersion: true);
    }

    /// <summary>The experiment with this name, created when it does not exist.</summary>
    public static async Task<Experiment> EnsureExperimentAsync(KfpClient client, string name, CancellationToken cancellationToken = default) =>
        await client.FindExperimentAsync(name, cancellationToken)
        ?? await AlreadyExistsMeansFound(() => client.CreateExperimentAsync(name, cancellationToken), () => client.FindExperimentAsync(name, cancellationToken));

    // A retried create whose first attempt did reach the server answers 409 AlreadyExists: the
    // object is there, so look it up instead of failing.
    private static async Task<T> AlreadyExistsMeansFound<T>(Func<Task<T>> create, Func<Task<T?>> find) where T : class
    {
        try
        {
            return await create();
        }
        catch (KfpException e) when (e.Status == HttpStatusCode.Conflict)
        {
            if (await find() is { } found) return found;
            throw;
        }
    }
}
