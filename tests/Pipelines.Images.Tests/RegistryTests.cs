using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Images.Tests;

/// <summary>Push and pull against a real distribution registry (see <see cref="SharedRegistry"/>).</summary>
[TestClass]
public sealed class RegistryTests
{
    private static readonly ImageBuilderOptions Fixed = new() { Timestamp = LayerBuilder.DefaultTimestamp };

    internal static RegistryClient Client(IRegistryCredentialProvider? credentials = null, int maxAttempts = 3, HttpMessageHandler? handler = null,
        bool chunked = false, int chunkSize = 8 << 20) => new(new RegistryClientOptions
        {
            Credentials = credentials ?? new StaticCredentialProvider(new Dictionary<string, RegistryCredential>()),
            MaxAttempts = maxAttempts,
            InitialRetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(20),
            HttpHandler = handler,
            ForceChunkedUpload = chunked,
            ChunkSize = chunkSize,
        });

    /// <summary>Pushes a tiny one-layer base image to <paramref name="registry"/> and reads it back from there.</summary>
    internal static async Task<(BaseImage Base, BuiltImage Pushed)> PushTinyBaseAsync(RegistryClient client, ImagePusher pusher, BlobCache cache, string registry, string repository)
    {
        var tiny = new ImageBuilder(cache, Fixed).Build(new ImageSpec
        {
            Repository = repository,
            Tags = ["1"],
            Layers = [new LayerInput("os", [LayerEntry.FromBytes(Encoding.UTF8.GetBytes("tiny " + repository), "/etc/base-release")])],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            User = null,
            WorkingDirectory = null,
        }, BaseImage.Scratch());
        await pusher.PushAsync(tiny, ImageReference.Create(registry, repository));
        // A fresh cache: the base's layer is then not on this machine, as with a real remote base.
        var baseImage = await BaseImage.FromRegistryAsync(ImageReference.Create(registry, repository, "1"), client, new BlobCache(cache.Root + "-remote"));
        return (baseImage, tiny);
    }

    [TestMethod]
    public async Task PushingTwoImagesSharesLayersByMountAndSkipsExistingBlobs()
    {
        var registry = await SharedRegistry.GetAddressAsync();
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        using var client = Client();
        var pusher = new ImagePusher(client);
        var prefix = TestImages.UniqueRepo("x")[..^2];
        var (baseImage, _) = await PushTinyBaseAsync(client, pusher, cache, registry, prefix + "/base");
        var (clean, train) = ImageBuilderTests.BuildTwo(dir, cache, baseImage, prefix);
        Assert.AreEqual(baseImage.Layers[0].Digest, clean.Layers[0].Digest);
        StringAssert.Contains(Encoding.UTF8.GetString(clean.ManifestBytes), $"\"org.opencontainers.image.base.name\":\"{registry}/{prefix}/base:1\"");

        var p1 = new CollectingProgress();
        var r1 = await pusher.PushAsync(clean, ImageReference.Create(registry, clean.Repository), p1);
        Assert.AreEqual(ImageProgressState.Mounted, p1.FinalState(clean.Layers[0].Digest), "base layer mounted from the base repository");
        Assert.AreEqual($"{prefix}/base", p1.Reports.Single(r => r.State == ImageProgressState.Mounted).MountedFrom);
        foreach (var layer in clean.Layers.Skip(1))
        {
            Assert.AreEqual(ImageProgressState.Uploaded, p1.FinalState(layer.Digest), layer.Name);
        }
        Assert.AreEqual(0, p1.Count(ImageProgressState.Pulling) + p1.Count(ImageProgressState.Pulled), "push never downloads base layers it can mount");
        Assert.IsFalse(new BlobCache(cache.Root + "-remote").Contains(clean.Layers[0].Digest));
        Assert.AreEqual(clean.ManifestDigest, r1.ManifestDigest);
        Assert.AreEqual($"{registry}/{prefix}/clean@{clean.ManifestDigest}", r1.PinnedReference);

        var p2 = new CollectingProgress();
        await pusher.PushAsync(train, ImageReference.Create(registry, train.Repository), p2);
        Assert.AreEqual(ImageProgressState.Mounted, p2.FinalState(train.Layers[0].Digest));
        Assert.AreEqual(ImageProgressState.Mounted, p2.FinalState(train.Layers[1].Digest), "dependencies mounted from the sibling component repository");
        Assert.AreEqual(ImageProgressState.Mounted, p2.FinalState(train.Layers[2].Digest), "helpers mounted from the sibling component repository");
        Assert.AreEqual(ImageProgressState.Uploaded, p2.FinalState(train.Layers[3].Digest), "the component's own layer is new");
        Assert.AreEqual(ImageProgressState.Uploaded, p2.FinalState(train.ConfigDigest));
        var sentBytes = p2.Reports.Where(r => r.State == ImageProgressState.Uploaded).Sum(r => r.BytesTotal);
        Assert.AreEqual(train.Layers[3].Size + train.ConfigBytes.Length, sentBytes);

        // Pull back by digest: the exact bytes; the tag names the same digest.
        var pulled = await client.GetManifestAsync(ImageReference.Create(registry, train.Repository, null, train.ManifestDigest));
        CollectionAssert.AreEqual(train.ManifestBytes, pulled.Bytes);
        Assert.AreEqual(MediaTypes.OciManifest, pulled.MediaType);
        Assert.AreEqual(train.ManifestDigest, await client.GetManifestDigestAsync(registry, train.Repository, "0.1.0"));

        // Re-push: every blob exists (HEAD), the tag already points at the digest.
        var p3 = new CollectingProgress();
        var r3 = await new ImagePusher(client).PushAsync(train, ImageReference.Create(registry, train.Repository), p3);
        Assert.IsTrue(r3.Blobs.Values.All(s => s == ImageProgressState.SkippedExists), string.Join(", ", r3.Blobs.Values));
        Assert.AreEqual(0, p3.Count(ImageProgressState.Uploading));
        Assert.AreEqual(1, p3.Count(ImageProgressState.ManifestUnchanged));
    }

    [TestMethod]
    public async Task PullingABaseVerifiesDigestsAndRefetchesCorruptCachedBlobs()
    {
        var registry = await SharedRegistry.GetAddressAsync();
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        using var client = Client();
        var pusher = new ImagePusher(client);
        var repo = TestImages.UniqueRepo("clean");
        var (clean, _) = ImageBuilderTests.BuildTwo(dir, cache);
        await pusher.PushAsync(clean, ImageReference.Create(registry, repo));

        var pullCache = new BlobCache(dir.Combine("pull-cache"));
        var reference = ImageReference.Create(registry, repo, null, clean.ManifestDigest);
        var pulledBase = await BaseImage.FromRegistryAsync(reference, client, pullCache);
        Assert.AreEqual(clean.ConfigDigest, pulledBase.ConfigDigest);
        Assert.AreEqual(clean.ManifestDigest, pulledBase.ManifestDigest);
        var progress = new CollectingProgress();
        await pulledBase.PullLayersAsync(progress);
        Assert.AreEqual(3, progress.Count(ImageProgressState.Pulled));
        foreach (var layer in clean.Layers)
        {
            Assert.AreEqual(layer.Digest, Digests.Sha256File(pullCache.GetPath(layer.Digest)));
        }

        // Corrupt one cached blob: the next use (in a new process, i.e. a new cache instance) detects it and fetches again.
        var victim = pullCache.GetPath(clean.Layers[1].Digest);
        File.WriteAllText(victim, "bit rot");
        var again = await BaseImage.FromRegistryAsync(reference, client, new BlobCache(pullCache.Root));
        var progress2 = new CollectingProgress();
        await again.PullLayersAsync(progress2);
        Assert.AreEqual(ImageProgressState.Pulled, progress2.FinalState(clean.Layers[1].Digest), "re-fetched");
        Assert.AreEqual(ImageProgressState.Cached, progress2.FinalState(clean.Layers[0].Digest));
        Assert.AreEqual(clean.Layers[1].Digest, Digests.Sha256File(victim));

        // A registry base goes into an OCI layout with its layers (downloaded when missing).
        var onTop = new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/top", TestImages.App("top")), again);
        var layout = new OciImageLayout(dir.Combine("layout"));
        await layout.AddAsync(onTop);
        Assert.HasCount(4, onTop.Layers);
        Assert.IsTrue(onTop.Layers.All(l => File.Exists(layout.BlobPath(l.Digest))));

        var notFound = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
            BaseImage.FromRegistryAsync(ImageReference.Create(registry, repo, "no-such-tag"), client, pullCache));
        Assert.AreEqual(ImageErrorCodes.BaseImageNotFound, notFound.Code);
        StringAssert.Contains(notFound.Message, $"{registry}/{repo}");
        var noRepo = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
            BaseImage.FromRegistryAsync(ImageReference.Create(registry, TestImages.UniqueRepo("nothing"), "1"), client, pullCache));
        Assert.AreEqual(ImageErrorCodes.BaseImageNotFound, noRepo.Code);
    }

    [TestMethod]
    public async Task ChunkedUploadWorksAndDownloadsAreVerified()
    {
        var registry = await SharedRegistry.GetAddressAsync();
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        var random = RandomNumberGenerator.GetBytes(50_000);
        var image = new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/big",
            new LayerInput("data", [LayerEntry.FromBytes(random, "/app/data.bin")])), BaseImage.Scratch());
        using var client = Client(chunked: true, chunkSize: 7_000);
        var repo = TestImages.UniqueRepo("big");
        var progress = new CollectingProgress();
        await new ImagePusher(client).PushAsync(image, ImageReference.Create(registry, repo), progress);
        Assert.IsTrue(progress.Reports.Count(r => r.State == ImageProgressState.Uploading && r.Digest == image.Layers[0].Digest) >= 8,
            "one progress report per chunk");
        var layer = image.Layers[0];
        var path = await client.DownloadBlobAsync(registry, repo, layer.Descriptor, new BlobCache(dir.Combine("fresh")));
        Assert.AreEqual(layer.Digest, Digests.Sha256File(path));

        // Asking for a blob under the wrong descriptor is a digest mismatch, not a silent success.
        var lying = layer.Descriptor with { Size = layer.Size + 1 };
        var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => client.DownloadBlobAsync(registry, repo, lying, new BlobCache(dir.Combine("fresh2"))));
        Assert.AreEqual(ImageErrorCodes.DigestMismatch, e.Code);
    }

    [TestMethod]
    public async Task RegistryStoppedMidPushFailsClearlyAndARetryAfterRestartSucceeds()
    {
        await using var server = await RegistryServer.StartAsync();
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        var layers = Enumerable.Range(0, 4).Select(i =>
            new LayerInput($"part{i}", [LayerEntry.FromBytes(RandomNumberGenerator.GetBytes(100_000), $"/app/part{i}.bin")])).ToArray();
        var image = new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/parts", layers), BaseImage.Scratch());
        using var client = Client(maxAttempts: 2);
        var pusher = new ImagePusher(client, new PushOptions { MaxParallelUploads = 1 });
        var target = ImageReference.Create(server.Address, "kfp/parts");
        var stopped = 0;
        var progress = new CollectingProgress(r =>
        {
            if (r.State == ImageProgressState.Uploaded && Interlocked.Exchange(ref stopped, 1) == 0)
            {
                server.StopAsync().GetAwaiter().GetResult();
            }
        });
        var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => pusher.PushAsync(image, target, progress));
        Assert.IsTrue(e.Code is ImageErrorCodes.RegistryUnreachable or ImageErrorCodes.RegistryError, e.Message);
        StringAssert.Contains(e.Message, server.Address);
        StringAssert.Contains(e.Message, "kfp/parts");
        StringAssert.Contains(e.Message, "sha256:");
        var uploadedBeforeStop = progress.Reports.First(r => r.State == ImageProgressState.Uploaded).Digest;

        await server.RestartAsync();
        var retry = new CollectingProgress();
        var result = await pusher.PushAsync(image, target, retry);
        Assert.AreEqual(ImageProgressState.SkippedExists, result.Blobs[uploadedBeforeStop], "what was uploaded before the stop is not sent again");
        Assert.AreEqual(image.ManifestDigest, result.ManifestDigest);
        CollectionAssert.AreEqual(image.ManifestBytes, (await client.GetManifestAsync(target.WithDigest(image.ManifestDigest))).Bytes);
    }

    [TestMethod]
    public async Task UnreachableRegistryIsPipe4001()
    {
        var port = RegistryServer.FreePort(); // nothing listens there
        using var client = Client(maxAttempts: 2);
        var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
            BaseImage.FromRegistryAsync(ImageReference.Parse($"127.0.0.1:{port}/kfp/base:1"), client, new BlobCache(Path.GetTempPath())));
        Assert.AreEqual(ImageErrorCodes.RegistryUnreachable, e.Code);
        StringAssert.Contains(e.Message, $"127.0.0.1:{port}");
        StringAssert.Contains(e.Message, "kfp/base");
    }

    [TestMethod]
    public async Task TransientErrorsAreRetriedAndPersistentOnesArePipe4008()
    {
        var registry = await SharedRegistry.GetAddressAsync();
        using var dir = new TempDir();
        var image = new ImageBuilder(new BlobCache(dir.Combine("cache")), Fixed).Build(TestImages.Spec("kfp/flaky", TestImages.App("flaky")), BaseImage.Scratch());
        var repo = TestImages.UniqueRepo("flaky");

        // Two 503s and a 429 on the first requests, then the real registry: the push succeeds.
        var flaky = new FaultInjectingHandler(request => request.Method == HttpMethod.Head, [HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests]);
        using (var client = Client(maxAttempts: 4, handler: flaky))
        {
            var result = await new ImagePusher(client).PushAsync(image, ImageReference.Create(registry, repo));
            Assert.AreEqual(image.ManifestDigest, result.ManifestDigest);
            Assert.AreEqual(3, flaky.Injected);
        }

        // A manifest PUT that always fails with 500: PIPE4008 after the bounded attempts, naming the manifest.
        var broken = new FaultInjectingHandler(request => request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/manifests/"),
            Enumerable.Repeat(HttpStatusCode.InternalServerError, 100).ToArray());
        using (var client = Client(maxAttempts: 3, handler: broken))
        {
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => new ImagePusher(client).PushAsync(image, ImageReference.Create(registry, repo + "2")));
            Assert.AreEqual(ImageErrorCodes.RegistryError, e.Code);
            Assert.AreEqual(500, e.StatusCode);
            Assert.AreEqual(3, broken.Injected);
            StringAssert.Contains(e.Message, $"manifest {image.ManifestDigest} of {registry}/{repo}2");
        }
    }

    [TestMethod]
    public async Task BasicAuthRegistryGives401WithoutCredentialsAndWorksWithDockerConfig()
    {
        const string htpasswdLine = "pipelines:$2y$05$T7HjBDOD/o4ER9flvjY.OuUikq64JfDwfg6wyW0MNOibTL0oVFs6q"; // htpasswd -Bbn pipelines s3cret-pass
        using var dir = new TempDir();
        var htpasswd = dir.Write("htpasswd", htpasswdLine + "\n");
        await using var server = await RegistryServer.StartAsync($"""
            auth:
              htpasswd:
                realm: test-realm
                path: {htpasswd}
            """);
        var cache = new BlobCache(dir.Combine("cache"));
        var image = new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/secure", TestImages.App("secure")), BaseImage.Scratch());
        var target = ImageReference.Create(server.Address, "kfp/secure");

        using (var anonymous = Client())
        {
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => new ImagePusher(anonymous).PushAsync(image, target));
            Assert.AreEqual(ImageErrorCodes.Unauthorized, e.Code);
            Assert.AreEqual(401, e.StatusCode);
            StringAssert.Contains(e.Message, server.Address);
            StringAssert.Contains(e.Message, "kfp/secure");
        }

        var dockerConfig = dir.Combine("docker");
        Directory.CreateDirectory(dockerConfig);
        string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        File.WriteAllText(Path.Combine(dockerConfig, "config.json"),
            $"{{\"auths\":{{\"http://{server.Address}\":{{\"auth\":\"{Auth("pipelines", "wrong")}\"}}}}}}");
        using (var wrong = Client(DockerCredentialStore.FromEnvironment(name => name == "DOCKER_CONFIG" ? dockerConfig : null)))
        {
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => new ImagePusher(wrong).PushAsync(image, target));
            Assert.AreEqual(ImageErrorCodes.Unauthorized, e.Code);
        }

        File.WriteAllText(Path.Combine(dockerConfig, "config.json"),
            $"{{\"auths\":{{\"{server.Address}\":{{\"auth\":\"{Auth("pipelines", "s3cret-pass")}\"}}}}}}");
        using var authorized = Client(DockerCredentialStore.FromEnvironment(name => name == "DOCKER_CONFIG" ? dockerConfig : null));
        var result = await new ImagePusher(authorized).PushAsync(image, target);
        Assert.AreEqual(image.ManifestDigest, result.ManifestDigest);
        CollectionAssert.AreEqual(image.ManifestBytes, (await authorized.GetManifestAsync(target.WithDigest(image.ManifestDigest))).Bytes);
    }

    /// <summary>Answers the first matching requests with canned error statuses, then passes requests through.</summary>
    private sealed class FaultInjectingHandler(Func<HttpRequestMessage, bool> match, HttpStatusCode[] faults) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _next;
        public int Injected => Math.Min(Volatile.Read(ref _next), faults.Length);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (match(request))
            {
                var i = Interlocked.Increment(ref _next) - 1;
                if (i < faults.Length)
                {
                    var response = new HttpResponseMessage(faults[i]) { RequestMessage = request, Content = new StringContent("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected\"}]}") };
                    if (faults[i] == HttpStatusCode.TooManyRequests)
                    {
                        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(10));
                    }
                    return Task.FromResult(response);
                }
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Registry behaviours that need more set-up: indexes, fallbacks, 403, a second registry.</summary>
[TestClass]
public sealed class RegistryEdgeTests
{
    private static readonly ImageBuilderOptions Fixed = new() { Timestamp = LayerBuilder.DefaultTimestamp };

    [TestMethod]
    public async Task BaseFromAnIndexPicksThePlatform()
    {
        var registry = await SharedRegistry.GetAddressAsync();
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        var builder = new ImageBuilder(cache, Fixed);
        var amd64 = builder.Build(TestImages.Spec("kfp/multi", TestImages.App("amd")), BaseImage.Scratch());
        var arm64 = builder.Build(TestImages.Spec("kfp/multi", TestImages.App("arm")), BaseImage.Scratch(new Platform("linux", "arm64", "v8")));
        var repo = TestImages.UniqueRepo("multi");
        using var client = RegistryTests.Client();
        var pusher = new ImagePusher(client);
        await pusher.PushAsync(arm64, ImageReference.Create(registry, repo, "arm"));
        await pusher.PushAsync(amd64, ImageReference.Create(registry, repo, "amd"));
        var index = OciImageLayout.WriteIndexBytes([arm64.ManifestDescriptor with { Platform = arm64.Platform }, amd64.ManifestDescriptor with { Platform = amd64.Platform }]);
        await client.PutManifestAsync(registry, repo, "multi", MediaTypes.OciIndex, index);

        var picked = await BaseImage.FromRegistryAsync(ImageReference.Create(registry, repo, "multi"), client, cache);
        Assert.AreEqual(amd64.ManifestDigest, picked.ManifestDigest, "linux/amd64 by default");
        var arm = await BaseImage.FromRegistryAsync(ImageReference.Create(registry, repo, "multi"), client, cache, new Platform("linux", "arm64"));
        Assert.AreEqual(arm64.ManifestDigest, arm.ManifestDigest);
        Assert.AreEqual("arm64", arm.Platform.Architecture);
        var none = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
            BaseImage.FromRegistryAsync(ImageReference.Create(registry, repo, "multi"), client, cache, new Platform("windows", "amd64")));
        Assert.AreEqual(ImageErrorCodes.BaseImageNotFound, none.Code);
        StringAssert.Contains(none.Message, "linux/arm64/v8");
    }

    [TestMethod]
    public async Task RefusedMonolithicUploadFallsBackToChunksAnd403IsPipe4003()
    {
        var registry = await SharedRegistry.GetAddressAsync();
        using var dir = new TempDir();
        var image = new ImageBuilder(new BlobCache(dir.Combine("cache")), Fixed).Build(TestImages.Spec("kfp/chunky", TestImages.App("chunky")), BaseImage.Scratch());

        var handler = new CountingHandler(r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.Contains("/blobs/uploads/") && r.Content?.Headers.ContentLength > 0
            ? HttpStatusCode.RequestEntityTooLarge : null);
        using (var client = RegistryTests.Client(handler: handler, chunkSize: 100))
        {
            var result = await new ImagePusher(client).PushAsync(image, ImageReference.Create(registry, TestImages.UniqueRepo("chunky")));
            Assert.IsTrue(result.Blobs.Values.All(s => s == ImageProgressState.Uploaded));
            Assert.IsTrue(handler.Injected >= 2, "every monolithic PUT was refused");
            Assert.IsTrue(handler.Patches >= 2, "the blobs went up as PATCH chunks");
        }

        var forbidden = new CountingHandler(r => r.Method == HttpMethod.Post ? HttpStatusCode.Forbidden : null);
        using (var client = RegistryTests.Client(handler: forbidden))
        {
            var repo = TestImages.UniqueRepo("denied");
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() => new ImagePusher(client).PushAsync(image, ImageReference.Create(registry, repo)));
            Assert.AreEqual(ImageErrorCodes.Forbidden, e.Code);
            Assert.AreEqual(403, e.StatusCode);
            StringAssert.Contains(e.Message, $"{registry}/{repo}");
        }
    }

    [TestMethod]
    public async Task PushToAnotherRegistryPullsBaseLayersThenUploadsThem()
    {
        var source = await SharedRegistry.GetAddressAsync();
        await using var target = await RegistryServer.StartAsync();
        using var dir = new TempDir();
        var cache = new BlobCache(dir.Combine("cache"));
        using var client = RegistryTests.Client();
        var (baseImage, tiny) = await RegistryTests.PushTinyBaseAsync(client, new ImagePusher(client), cache, source, TestImages.UniqueRepo("base"));
        var image = new ImageBuilder(cache, Fixed).Build(TestImages.Spec("kfp/moved", TestImages.App("moved")), baseImage);

        var progress = new CollectingProgress();
        await new ImagePusher(client).PushAsync(image, ImageReference.Create(target.Address, "kfp/moved"), progress);
        var baseLayer = tiny.Layers[0].Digest;
        var states = progress.Reports.Where(r => r.Digest == baseLayer).Select(r => r.State).Distinct().ToList();
        CollectionAssert.IsSubsetOf(new[] { ImageProgressState.Pulled, ImageProgressState.Uploaded }, states);
        Assert.IsFalse(states.Contains(ImageProgressState.Mounted), "no mount across registries");
        CollectionAssert.AreEqual(image.ManifestBytes, (await client.GetManifestAsync(target.Address, "kfp/moved", image.ManifestDigest)).Bytes);
    }

    /// <summary>Passes requests to the network, answering some with a status instead; counts PATCHes.</summary>
    private sealed class CountingHandler(Func<HttpRequestMessage, HttpStatusCode?> fault) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _injected, _patches;
        public int Injected => Volatile.Read(ref _injected);
        public int Patches => Volatile.Read(ref _patches);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Patch)
            {
                Interlocked.Increment(ref _patches);
            }
            if (fault(request) is { } status)
            {
                Interlocked.Increment(ref _injected);
                return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") });
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
