using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Pipelines.Images.Tests;

/// <summary>Bearer-token auth against the real registry: distribution's <c>auth: token</c> trusts a self-signed
/// certificate, and a token service written here (HttpListener) issues RS256 JWTs with the x5c header for the
/// requested scopes — only to callers with the right Basic credentials.</summary>
[TestClass]
public sealed class TokenAuthTests
{
    private const string User = TokenService.User;
    private const string Password = TokenService.Password;

    [TestMethod]
    public async Task BearerTokenFlowWithCredentialsFromACredentialHelper()
    {
        using var dir = new TempDir();
        using var tokens = new TokenService(dir);
        await using var server = await RegistryServer.StartAsync($"""
            auth:
              token:
                realm: {tokens.Realm}
                service: test-registry
                issuer: test-issuer
                rootcertbundle: {tokens.CertificatePath}
            """);
        var cache = new BlobCache(dir.Combine("cache"));
        var builder = new ImageBuilder(cache, new ImageBuilderOptions { Timestamp = LayerBuilder.DefaultTimestamp });
        var first = builder.Build(TestImages.Spec("kfp/one", TestImages.App("one"), new LayerInput("shared", [LayerEntry.FromBytes("shared"u8.ToArray(), "/app/shared.dll")])),
            BaseImage.Scratch());
        var second = builder.Build(TestImages.Spec("kfp/two", TestImages.App("two"), new LayerInput("shared", [LayerEntry.FromBytes("shared"u8.ToArray(), "/app/shared.dll")])),
            BaseImage.Scratch());

        using (var anonymous = RegistryTests.Client())
        {
            var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
                new ImagePusher(anonymous).PushAsync(first, ImageReference.Create(server.Address, "kfp/one")));
            Assert.AreEqual(ImageErrorCodes.Unauthorized, e.Code, e.Message);
            StringAssert.Contains(e.Message, tokens.Realm);
        }

        // Credentials come from a docker-credential-<name> helper named in DOCKER_CONFIG's credHelpers.
        var bin = dir.Combine("bin");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-pipelinestest");
        File.WriteAllText(helper, $"#!/bin/sh\nread server\necho \"{{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"{User}\\\",\\\"Secret\\\":\\\"{Password}\\\"}}\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(helper, LayerEntry.ExecutableMode);
        }
        var dockerConfig = dir.Combine("docker");
        Directory.CreateDirectory(dockerConfig);
        File.WriteAllText(Path.Combine(dockerConfig, "config.json"), $"{{\"credHelpers\":{{\"{server.Address}\":\"pipelinestest\"}}}}");
        var store = DockerCredentialStore.FromEnvironment(name => name switch
        {
            "DOCKER_CONFIG" => dockerConfig,
            "PATH" => bin,
            _ => null,
        });

        using var client = RegistryTests.Client(store);
        var pusher = new ImagePusher(client);
        await pusher.PushAsync(first, ImageReference.Create(server.Address, "kfp/one"));
        var progress = new CollectingProgress();
        await pusher.PushAsync(second, ImageReference.Create(server.Address, "kfp/two"), progress);
        Assert.AreEqual(ImageProgressState.Mounted, progress.FinalState(second.Layers[1].Digest), "mount needs a token for both repositories");
        CollectionAssert.AreEqual(second.ManifestBytes, (await client.GetManifestAsync(ImageReference.Create(server.Address, "kfp/two", null, second.ManifestDigest))).Bytes);
        Assert.IsTrue(tokens.Scopes.Contains("repository:kfp/one:pull"), string.Join(" | ", tokens.Scopes));
        Assert.IsTrue(tokens.Issued > 0);
        Assert.IsTrue(tokens.Issued <= 5, $"tokens are cached per scope, not fetched per request ({tokens.Issued})");
    }
}
