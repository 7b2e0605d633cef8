using System.Collections.Concurrent;

namespace Pipelines.Images;

public sealed class PushOptions
{
    /// <summary>Blobs uploaded at once (at least 1).</summary>
    public int MaxParallelUploads { get; init; } = 4;
    /// <summary>HEAD each tag first and skip its PUT when it already names the manifest digest.</summary>
    public bool SkipUnchangedTags { get; init; } = true;
}

/// <summary>What a push did: the pinned reference and, per blob digest, what happened to it.</summary>
public sealed record PushResult(ImageReference Reference, string ManifestDigest, IReadOnlyDictionary<string, ImageProgressState> Blobs)
{
    /// <summary><c>registry/repository@sha256:…</c>.</summary>
    public string PinnedReference => $"{Reference.Name}@{ManifestDigest}";
}

/// <summary>Pushes built images. Per blob: HEAD in the target repository; if missing, a cross-repository mount from
/// any repository of the same registry known to hold it (the base's repository, and every repository this pusher
/// has pushed to or seen the blob in — so sibling component images share their dependency/helper layers without
/// re-uploading); else an upload (one PUT, chunked fallback), with base layers downloaded first only when they
/// are not on this machine. Blobs go in parallel (bounded); then the manifest is PUT by digest and then per tag.
/// Keep one pusher per build session so it remembers where blobs live.</summary>
public sealed class ImagePusher
{
    private readonly RegistryClient _client;
    private readonly PushOptions _options;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _locations = new(StringComparer.Ordinal);

    public ImagePusher(RegistryClient client, PushOptions? options = null)
    {
        _client = client;
        _options = options ?? new PushOptions();
    }

    /// <summary>Tells the pusher that <paramref name="repository"/> on <paramref name="registry"/> holds <paramref name="digest"/>.</summary>
    public void RecordBlobLocation(string registry, string repository, string digest) =>
        _locations.GetOrAdd(registry + "|" + digest, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[repository] = 0;

    private IEnumerable<string> KnownRepositories(string registry, string digest) =>
        _locations.TryGetValue(registry + "|" + digest, out var repos) ? repos.Keys.Order(StringComparer.Ordinal) : [];

    /// <summary>Pushes to the registry and repository named by <see cref="BuiltImage.Repository"/> (which must then
    /// include the registry), under the image's tags.</summary>
    public Task<PushResult> PushAsync(BuiltImage image, IProgress<ImageProgress>? progress = null, CancellationToken cancellationToken = default) =>
        PushAsync(image, ImageReference.Parse(image.Repository), progress, cancellationToken);

    /// <summary>Pushes to <paramref name="target"/>'s registry and repository; under its tag when it has one, else under
    /// the image's tags.</summary>
    public async Task<PushResult> PushAsync(BuiltImage image, ImageReference target, IProgress<ImageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        string registry = target.Registry, repository = target.Repository;
        var imageName = target.Name;
        var tags = target.Tag is not null ? [target.Tag] : image.Tags;
        var states = new ConcurrentDictionary<string, ImageProgressState>(StringComparer.Ordinal);

        var blobs = new List<(Descriptor Descriptor, string? Name, ImageLayer? Layer)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in image.Layers)
        {
            if (seen.Add(layer.Digest))
            {
                blobs.Add((layer.Descriptor, layer.Name, layer));
                if (layer.Origin is { } origin)
                {
                    RecordBlobLocation(origin.Registry, origin.Repository, layer.Digest);
                }
            }
        }
        if (seen.Add(image.ConfigDigest))
        {
            blobs.Add((image.ConfigDescriptor, "config", null));
        }

        using var gate = new SemaphoreSlim(Math.Max(1, _options.MaxParallelUploads));
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = blobs.Select(async blob =>
        {
            await gate.WaitAsync(failure.Token).ConfigureAwait(false);
            try
            {
                states[blob.Descriptor.Digest] = await PushBlobAsync(image, registry, repository, imageName, blob.Descriptor, blob.Name, blob.Layer, progress, failure.Token)
                    .ConfigureAwait(false);
            }
            catch
            {
                // Stop the other uploads: the push has failed.
                await failure.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // WhenAll surfaced a sibling's cancellation; report the real failure.
            var real = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).FirstOrDefault();
            if (real is not null)
            {
                throw real;
            }
            throw;
        }

        await _client.PutManifestAsync(registry, repository, image.ManifestDigest, image.ManifestMediaType, image.ManifestBytes, cancellationToken)
            .ConfigureAwait(false);
        progress?.Report(new ImageProgress(imageName, image.ManifestDigest, null, ImageProgressState.ManifestPushed, image.ManifestBytes.Length, image.ManifestBytes.Length));
        foreach (var tag in tags)
        {
            if (_options.SkipUnchangedTags
                && await _client.GetManifestDigestAsync(registry, repository, tag, cancellationToken).ConfigureAwait(false) == image.ManifestDigest)
            {
                progress?.Report(new ImageProgress($"{imageName}:{tag}", image.ManifestDigest, null, ImageProgressState.ManifestUnchanged, 0, 0));
                continue;
            }
            await _client.PutManifestAsync(registry, repository, tag, image.ManifestMediaType, image.ManifestBytes, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ImageProgress($"{imageName}:{tag}", image.ManifestDigest, null, ImageProgressState.ManifestPushed,
                image.ManifestBytes.Length, image.ManifestBytes.Length));
        }
        return new PushResult(ImageReference.Create(registry, repository, tags.Count > 0 ? tags[0] : null), image.ManifestDigest,
            new Dictionary<string, ImageProgressState>(states, StringComparer.Ordinal));
    }

    private async Task<ImageProgressState> PushBlobAsync(BuiltImage image, string registry, string repository, string imageName, Descriptor blob,
        string? name, ImageLayer? layer, IProgress<ImageProgress>? progress, CancellationToken ct)
    {
        void Report(ImageProgressState state, long done, string? from = null) =>
            progress?.Report(new ImageProgress(imageName, blob.Digest, name, state, done, blob.Size) { MountedFrom = from });

        if (await _client.BlobExistsAsync(registry, repository, blob.Digest, ct).ConfigureAwait(false))
        {
            RecordBlobLocation(registry, repository, blob.Digest);
            Report(ImageProgressState.SkippedExists, blob.Size);
            return ImageProgressState.SkippedExists;
        }
        Uri? session = null;
        foreach (var from in KnownRepositories(registry, blob.Digest).Where(r => r != repository).ToList())
        {
            var (mounted, location) = await _client.TryMountBlobAsync(registry, repository, blob.Digest, from, ct).ConfigureAwait(false);
            if (mounted)
            {
                RecordBlobLocation(registry, repository, blob.Digest);
                Report(ImageProgressState.Mounted, blob.Size, from);
                return ImageProgressState.Mounted;
            }
            session = location ?? session;
        }

        Func<Stream> open;
        if (layer is null)
        {
            var config = image.ConfigBytes;
            open = () => new MemoryStream(config, writable: false);
        }
        else
        {
            var pulled = false;
            var path = await layer.GetBlobPathAsync(n =>
            {
                pulled = true;
                Report(ImageProgressState.Pulling, n);
            }, ct).ConfigureAwait(false);
            if (pulled)
            {
                Report(ImageProgressState.Pulled, blob.Size);
            }
            open = () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        Report(ImageProgressState.Uploading, 0);
        await _client.UploadBlobAsync(registry, repository, blob, open, n => Report(ImageProgressState.Uploading, n), session, ct).ConfigureAwait(false);
        RecordBlobLocation(registry, repository, blob.Digest);
        Report(ImageProgressState.Uploaded, blob.Size);
        return ImageProgressState.Uploaded;
    }
}
