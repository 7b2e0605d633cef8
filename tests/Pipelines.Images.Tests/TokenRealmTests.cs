using System.Collections.Concurrent;
using System.Net;

namespace Pipelines.Images.Tests;

/// <summary>Which token realms a registry may send the user's credentials to (<see cref="TokenRealm"/>), and that a
/// refused realm stops the push before any credential is looked up or any request reaches the realm.</summary>
[TestClass]
public sealed class TokenRealmTests
{
    // Names resolve through this table, not DNS: the tests run offline.
    private static IPAddress[] Resolve(string host) => host switch
    {
        "localhost" => [IPAddress.Loopback, IPAddress.IPv6Loopback],
        "metadata.google.internal" => [IPAddress.Parse("169.254.169.254")],
        "auth.docker.io" or "ghcr.io" or "registry.example.com" => [IPAddress.Parse("203.0.113.10")],
        "registry.corp" => [IPAddress.Parse("10.1.2.3")],
        "auth.corp" => [IPAddress.Parse("10.9.9.9")],
        _ => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound),
    };

    [TestMethod]
    // https anywhere public, including another host than the registry's (Docker Hub).
    [DataRow("https://auth.docker.io/token", "docker.io", false, true)]
    [DataRow("https://ghcr.io/token", "ghcr.io", false, true)]
    [DataRow("https://unknown-name.example/token", "registry.example.com", false, true)]
    [DataRow("https://203.0.113.7/token", "registry.example.com", false, true)]
    // http only when the registry is reached over http (loopback or insecure).
    [DataRow("http://127.0.0.1:5001/token", "127.0.0.1:5000", true, true)]
    [DataRow("http://localhost:5001/token", "127.0.0.1:5000", true, true)]
    [DataRow("http://[::1]:5001/token", "localhost:5000", true, true)]
    [DataRow("http://registry.example.com/token", "registry.example.com", true, true)]
    [DataRow("http://auth.docker.io/token", "docker.io", false, false)]
    [DataRow("http://registry.example.com/token", "registry.example.com", false, false)]
    // Other schemes, relative URIs, user info, no realm.
    [DataRow("ftp://127.0.0.1/token", "127.0.0.1:5000", true, false)]
    [DataRow("file:///etc/passwd", "127.0.0.1:5000", true, false)]
    [DataRow("gopher://auth.docker.io/", "docker.io", false, false)]
    [DataRow("/token", "registry.example.com", false, false)]
    [DataRow("https://user:pw@auth.docker.io/token", "docker.io", false, false)]
    [DataRow("", "registry.example.com", false, false)]
    // Addresses only this machine reaches: refused unless the registry itself is there.
    [DataRow("https://169.254.169.254/latest/meta-data", "registry.example.com", false, false)]
    [DataRow("https://metadata.google.internal/token", "registry.example.com", false, false)]
    [DataRow("http://169.254.169.254/token", "127.0.0.1:5000", true, false)]
    [DataRow("https://127.0.0.1/token", "registry.example.com", false, false)]
    [DataRow("https://localhost/token", "registry.example.com", false, false)]
    [DataRow("https://[::ffff:127.0.0.1]/token", "registry.example.com", false, false)]
    [DataRow("https://10.0.0.5/token", "registry.example.com", false, false)]
    [DataRow("https://172.16.3.4/token", "registry.example.com", false, false)]
    [DataRow("https://192.168.1.1/token", "registry.example.com", false, false)]
    [DataRow("https://100.64.0.1/token", "registry.example.com", false, false)]
    [DataRow("https://[fd00::1]/token", "registry.example.com", false, false)]
    [DataRow("https://[fe80::1]/token", "registry.example.com", false, false)]
    [DataRow("https://224.0.0.251/token", "registry.example.com", false, false)]
    [DataRow("https://[ff02::1]/token", "registry.example.com", false, false)]
    [DataRow("https://0.0.0.0/token", "registry.example.com", false, false)]
    [DataRow("https://10.0.0.5/token", "10.0.0.5:5000", false, true)]
    [DataRow("https://auth.corp/token", "registry.corp", false, true)]
    [DataRow("https://10.0.0.5/token", "127.0.0.1:5000", true, false)]
    public void Realm_table(string realm, string registry, bool registryUsesPlainHttp, bool accepted)
    {
        if (accepted)
        {
            var uri = TokenRealm.Validate(realm, registry, registryUsesPlainHttp, Resolve);
            Assert.AreEqual(realm, uri.OriginalString);
            return;
        }
        var e = Assert.ThrowsExactly<ImageBuildException>(() => TokenRealm.Validate(realm, registry, registryUsesPlainHttp, Resolve));
        Assert.AreEqual(ImageErrorCodes.RejectedRealm, e.Code);
        StringAssert.StartsWith(e.Message, "PIPE4009: ");
        StringAssert.Contains(e.Message, $"'{realm}'");
        StringAssert.Contains(e.Message, registry);
    }

    /// <summary>A real registry (distribution, token auth) whose challenge names a realm we must refuse. The push fails
    /// with PIPE4009 naming the realm; the credential store is never asked and no request reaches the realm.</summary>
    [TestMethod]
    [DataRow("user-info")]
    [DataRow("ftp")]
    [DataRow("link-local")]
    public async Task A_registry_naming_a_refused_realm_gets_no_credentials_and_the_realm_no_request(string variant)
    {
        using var dir = new TempDir();
        using var tokens = new TokenService(dir);
        // user-info: without the check the token service (on loopback) would get the credentials.
        var realm = variant switch
        {
            "user-info" => $"http://collector@127.0.0.1:{tokens.Port}/token",
            "ftp" => $"ftp://127.0.0.1:{tokens.Port}/token",
            _ => "http://169.254.169.254/latest/token",
        };
        await using var server = await RegistryServer.StartAsync($"""
            auth:
              token:
                realm: {realm}
                service: test-registry
                issuer: test-issuer
                rootcertbundle: {tokens.CertificatePath}
            """);
        var credentials = new CountingCredentials(new RegistryCredential(TokenService.User, TokenService.Password));
        var transport = new RecordingHandler();
        using var client = RegistryTests.Client(credentials, handler: transport);
        var image = new ImageBuilder(new BlobCache(dir.Combine("cache")), new ImageBuilderOptions { Timestamp = LayerBuilder.DefaultTimestamp })
            .Build(TestImages.Spec("kfp/refused", TestImages.App("refused")), BaseImage.Scratch());

        var e = await Assert.ThrowsExactlyAsync<ImageBuildException>(() =>
            new ImagePusher(client).PushAsync(image, ImageReference.Create(server.Address, "kfp/refused")));

        Assert.AreEqual(ImageErrorCodes.RejectedRealm, e.Code, e.Message);
        StringAssert.Contains(e.Message, realm);
        Assert.AreEqual(0, credentials.Lookups, "no credential is looked up for a refused realm");
        Assert.AreEqual(0, tokens.Requests, "the realm's endpoint never sees a request");
        Assert.IsTrue(transport.Hosts.All(h => h == server.Address), "only the registry was contacted: " + string.Join(", ", transport.Hosts));
        Assert.IsFalse(transport.Authorizations.Any(), "no Authorization header was sent anywhere");
    }

    private sealed class CountingCredentials(RegistryCredential credential) : IRegistryCredentialProvider
    {
        private int _lookups;
        public int Lookups => Volatile.Read(ref _lookups);

        public RegistryCredential? GetCredential(string registry)
        {
            Interlocked.Increment(ref _lookups);
            return credential;
        }
    }

    /// <summary>Records every request; sends only to loopback (were the check broken, nothing leaves this machine).</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentBag<string> Hosts { get; } = [];
        public ConcurrentBag<string> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Hosts.Add(request.RequestUri!.Authority);
            if (request.Headers.Authorization is { } authorization)
            {
                Authorizations.Add(authorization.Scheme);
            }
            return request.RequestUri.IsLoopback
                ? base.SendAsync(request, cancellationToken)
                : Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { RequestMessage = request });
        }
    }
}
