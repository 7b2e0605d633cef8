namespace Pipelines.Images.Tests;

[TestClass]
public sealed class ImageReferenceTests
{
    [TestMethod]
    [DataRow("ubuntu", "docker.io", "library/ubuntu", null, null)]
    [DataRow("ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", null)]
    [DataRow("bitnami/redis:7", "docker.io", "bitnami/redis", "7", null)]
    [DataRow("docker.io/library/ubuntu", "docker.io", "library/ubuntu", null, null)]
    [DataRow("index.docker.io/foo/bar:1", "docker.io", "foo/bar", "1", null)]
    [DataRow("localhost/foo", "localhost", "foo", null, null)]
    [DataRow("localhost:5000/foo/bar:v1", "localhost:5000", "foo/bar", "v1", null)]
    [DataRow("127.0.0.1:5055/peer/dotnet-base@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "127.0.0.1:5055", "peer/dotnet-base", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [DataRow("registry.example.com/ml/clean:0.1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "registry.example.com", "ml/clean", "0.1.0", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [DataRow("[::1]:5000/a/b_c.d-e:t", "[::1]:5000", "a/b_c.d-e", "t", null)]
    [DataRow("mcr.microsoft.com/dotnet/runtime:10.0", "mcr.microsoft.com", "dotnet/runtime", "10.0", null)]
    public void Parses(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        Assert.AreEqual(registry, reference.Registry);
        Assert.AreEqual(repository, reference.Repository);
        Assert.AreEqual(tag, reference.Tag);
        Assert.AreEqual(digest, reference.Digest);
        Assert.AreEqual(reference, ImageReference.Parse(reference.ToString()), "canonical form round-trips");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("UPPER/case")]
    [DataRow("foo:")]
    [DataRow("foo@sha256:abc")]
    [DataRow("foo/../bar")]
    [DataRow("foo:-bad")]
    [DataRow(" foo")]
    [DataRow("host:99999999/foo")]
    [DataRow("localhost:99999/foo")]
    [DataRow("127.0.0.1:65536/foo:1")]
    [DataRow("localhost:0/foo")]
    [DataRow("foo:täg")]
    public void RejectsBadReferencesWithPipe4007(string text)
    {
        var e = Assert.ThrowsExactly<ImageBuildException>(() => ImageReference.Parse(text));
        Assert.AreEqual(ImageErrorCodes.BadReference, e.Code);
        Assert.IsFalse(ImageReference.TryParse(text, out _));
    }

    [TestMethod]
    [DataRow("localhost", true)]
    [DataRow("localhost:5000", true)]
    [DataRow("127.0.0.1:5000", true)]
    [DataRow("127.1.2.3", true)]
    [DataRow("[::1]:5000", true)]
    [DataRow("docker.io", false)]
    [DataRow("10.0.0.1:5000", false)]
    [DataRow("localhost.example.com:5000", false)]
    public void DetectsLoopback(string registry, bool loopback)
    {
        Assert.AreEqual(loopback, ImageReference.IsLoopbackRegistry(registry));
    }

    [TestMethod]
    public void DockerHubUsesItsApiHostAndLoopbackUsesHttp()
    {
        Assert.AreEqual("registry-1.docker.io", ImageReference.Parse("alpine").RegistryApiHost);
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new StaticCredentialProvider(new Dictionary<string, RegistryCredential>()),
            InsecureRegistries = ["10.0.0.5:5000"],
        });
        Assert.IsTrue(client.UsesPlainHttp("127.0.0.1:5000"));
        Assert.IsTrue(client.UsesPlainHttp("localhost:5000"));
        Assert.IsTrue(client.UsesPlainHttp("10.0.0.5:5000"));
        Assert.IsFalse(client.UsesPlainHttp("10.0.0.6:5000"));
        Assert.IsFalse(client.UsesPlainHttp("docker.io"));
    }
}
