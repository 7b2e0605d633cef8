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
    private const string User = "robot";
    private const string Password = "t0ken-pass";

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
        string bin = dir.Combine("bin");
        Directory.CreateDirectory(bin);
        string helper = Path.Combine(bin, "docker-credential-pipelinestest");
        File.WriteAllText(helper, $"#!/bin/sh\nread server\necho \"{{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"{User}\\\",\\\"Secret\\\":\\\"{Password}\\\"}}\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(helper, LayerEntry.ExecutableMode);
        }
        string dockerConfig = dir.Combine("docker");
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

    /// <summary>A minimal Docker token service.</summary>
    private sealed class TokenService : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly RSA _key = RSA.Create(2048);
        private readonly string _x5c;
        private readonly Task _loop;
        private int _issued;

        public TokenService(TempDir dir)
        {
            var request = new CertificateRequest("CN=pipelines-test-token-issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            CertificatePath = dir.Write("token-root.pem", certificate.ExportCertificatePem());
            _x5c = Convert.ToBase64String(certificate.RawData);
            int port = RegistryServer.FreePort();
            Realm = $"http://127.0.0.1:{port}/token";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Realm { get; }
        public string CertificatePath { get; }
        public int Issued => Volatile.Read(ref _issued);
        public System.Collections.Concurrent.ConcurrentBag<string> Scopes { get; } = [];

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                try
                {
                    Handle(context);
                }
                catch (Exception e)
                {
                    context.Response.StatusCode = 500;
                    context.Response.OutputStream.Write(Encoding.UTF8.GetBytes(e.ToString()));
                }
                context.Response.Close();
            }
        }

        private void Handle(HttpListenerContext context)
        {
            string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
            if (context.Request.Headers["Authorization"] != expected)
            {
                context.Response.StatusCode = 401;
                return;
            }
            var access = new List<object>();
            foreach (string scope in context.Request.QueryString.GetValues("scope") ?? [])
            {
                Scopes.Add(scope);
                string[] parts = scope.Split(':');
                if (parts.Length == 3)
                {
                    access.Add(new { type = parts[0], name = parts[1], actions = parts[2].Split(',') });
                }
            }
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            string header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg = "RS256", x5c = new[] { _x5c } }));
            string claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new
            {
                iss = "test-issuer",
                sub = User,
                aud = context.Request.QueryString["service"],
                exp = now + 300,
                nbf = now - 60,
                iat = now - 60,
                jti = Guid.NewGuid().ToString("N"),
                access,
            }));
            string signed = header + "." + claims;
            string signature = Base64Url.EncodeToString(_key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            string token = signed + "." + signature;
            Interlocked.Increment(ref _issued);
            context.Response.ContentType = "application/json";
            context.Response.OutputStream.Write(JsonSerializer.SerializeToUtf8Bytes(new { token, access_token = token, expires_in = 300 }));
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
            _key.Dispose();
        }
    }
}
