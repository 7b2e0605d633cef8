using System.Text;

namespace Pipelines.Images.Tests;

[TestClass]
public sealed class CredentialsTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static DockerCredentialStore Store(TempDir dir, string configJson, string? path = null)
    {
        var docker = dir.Combine("docker");
        Directory.CreateDirectory(docker);
        File.WriteAllText(Path.Combine(docker, "config.json"), configJson);
        return DockerCredentialStore.FromEnvironment(name => name switch
        {
            "DOCKER_CONFIG" => docker,
            "PATH" => path,
            _ => null,
        });
    }

    [TestMethod]
    public void ReadsAuthsInEveryKeyForm()
    {
        using var dir = new TempDir();
        var store = Store(dir, $$"""
            {
              "auths": {
                "https://index.docker.io/v1/": { "auth": "{{B64("hubuser:hubpass")}}" },
                "http://127.0.0.1:5000": { "auth": "{{B64("local:pa:ss")}}" },
                "registry.example.com": { "username": "u", "password": "p" },
                "ghcr.io": { "identitytoken": "refresh-me" },
                "broken.example.com": { "auth": "not base64!" },
                "nocolon.example.com": { "auth": "{{B64("just-a-token")}}" }
              }
            }
            """);
        Assert.AreEqual(new RegistryCredential("hubuser", "hubpass"), store.GetCredential("docker.io"));
        Assert.AreEqual(new RegistryCredential("local", "pa:ss"), store.GetCredential("127.0.0.1:5000"), "password may contain ':'");
        Assert.AreEqual(new RegistryCredential("u", "p"), store.GetCredential("registry.example.com"));
        Assert.AreEqual(new RegistryCredential(null, null, "refresh-me"), store.GetCredential("ghcr.io"));
        // A broken entry is an error naming the file and the entry when that registry's credentials are needed,
        // never a silent "no credentials", and never shows what it holds.
        var broken = Assert.ThrowsExactly<ImageBuildException>(() => store.GetCredential("broken.example.com"));
        Assert.AreEqual(ImageErrorCodes.Unauthorized, broken.Code);
        StringAssert.Contains(broken.Message, "auths.\"broken.example.com\".auth is not base64");
        StringAssert.Contains(broken.Message, store.ConfigPath!);
        Assert.IsFalse(broken.Message.Contains("not base64!", StringComparison.Ordinal));
        var noColon = Assert.ThrowsExactly<ImageBuildException>(() => store.GetCredential("nocolon.example.com"));
        StringAssert.Contains(noColon.Message, "user:password");
        Assert.IsFalse(noColon.Message.Contains("just-a-token", StringComparison.Ordinal) || noColon.Message.Contains(B64("just-a-token"), StringComparison.Ordinal));
        Assert.IsNull(store.GetCredential("other.example.com"));
        Assert.IsFalse(new RegistryCredential("a", "secret").ToString().Contains("secret", StringComparison.Ordinal), "ToString hides the secret");
    }

    [TestMethod]
    public void MissingConfigMeansAnonymous()
    {
        using var dir = new TempDir();
        var store = DockerCredentialStore.FromEnvironment(name => name == "DOCKER_CONFIG" ? dir.Combine("nothing-here") : null);
        Assert.IsNull(store.GetCredential("docker.io"));
        var home = DockerCredentialStore.FromEnvironment(name => name == "HOME" ? dir.Path : null);
        Assert.AreEqual(Path.Combine(dir.Path, ".docker", "config.json"), home.ConfigPath);
    }

    [TestMethod]
    public void CredentialHelpersAndCredsStoreAreRun()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("helper scripts need a POSIX shell");
        }
        using var dir = new TempDir();
        var bin = dir.Combine("bin");
        Directory.CreateDirectory(bin);
        void Helper(string name, string script)
        {
            var path = Path.Combine(bin, "docker-credential-" + name);
            File.WriteAllText(path, "#!/bin/sh\n" + script);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, LayerEntry.ExecutableMode);
            }
        }
        Helper("echo", "read server\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"user-for-%s\",\"Secret\":\"s\"}' \"$server\" \"$server\"\n");
        Helper("token", "read server\necho '{\"Username\":\"<token>\",\"Secret\":\"id-token\"}'\n");
        Helper("store", "read server\necho 'credentials not found in native keychain'\nexit 1\n");
        Helper("fail", "echo boom >&2\nexit 3\n");
        var store = Store(dir, """
            {
              "auths": { "a.example.com": { "auth": "dTpw" } },
              "credHelpers": { "a.example.com": "echo", "docker.io": "echo", "t.example.com": "token", "f.example.com": "fail" },
              "credsStore": "store"
            }
            """, bin);
        Assert.AreEqual(new RegistryCredential("user-for-a.example.com", "s"), store.GetCredential("a.example.com"), "credHelpers win over auths");
        Assert.AreEqual(new RegistryCredential("user-for-https://index.docker.io/v1/", "s"), store.GetCredential("docker.io"), "Docker Hub is asked by its server URL");
        Assert.AreEqual(new RegistryCredential(null, null, "id-token"), store.GetCredential("t.example.com"));
        Assert.IsNull(store.GetCredential("z.example.com"), "credsStore that has nothing: anonymous");
        var e = Assert.ThrowsExactly<ImageBuildException>(() => store.GetCredential("f.example.com"));
        Assert.AreEqual(ImageErrorCodes.Unauthorized, e.Code);
        StringAssert.Contains(e.Message, "boom");

        var noHelper = Store(dir, """{ "credHelpers": { "x.example.com": "missing" } }""", bin);
        StringAssert.Contains(Assert.ThrowsExactly<ImageBuildException>(() => noHelper.GetCredential("x.example.com")).Message, "docker-credential-missing");
    }

    [TestMethod]
    public void StaticCredentialsOverrideAndFallBack()
    {
        using var dir = new TempDir();
        var fallback = Store(dir, $$"""{ "auths": { "b.example.com": { "auth": "{{B64("b:b")}}" } } }""");
        var provider = new StaticCredentialProvider(new Dictionary<string, RegistryCredential> { ["a.example.com"] = new("ci", "token") }, fallback);
        Assert.AreEqual(new RegistryCredential("ci", "token"), provider.GetCredential("a.example.com"));
        Assert.AreEqual(new RegistryCredential("b", "b"), provider.GetCredential("b.example.com"));
        Assert.IsNull(provider.GetCredential("c.example.com"));
    }

    [TestMethod]
    public void ChallengeParametersAndScopesParse()
    {
        var p = AuthChallenge.ParseParameters("realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\"");
        Assert.AreEqual("https://auth.example.com/token", p["realm"]);
        Assert.AreEqual("registry.example.com", p["service"]);
        Assert.AreEqual("repository:a/b:pull,push", p["scope"]);
        CollectionAssert.AreEqual(new[] { "repository:a:pull,push", "repository:b:pull" },
            AuthChallenge.NormalizeScopes(["repository:b:pull", "repository:a:push", "repository:a:pull", "repository:a:pull,push"]).ToList());
    }
}
