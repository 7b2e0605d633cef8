using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Pipelines.Images;

/// <summary>Credentials for one registry: a user name and password (or token used as a password), or an
/// identity (refresh) token for the OAuth2 token flow.</summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    public override string ToString() => $"RegistryCredential {{ Username = {Username} }}";
}

/// <summary>Where the registry client gets credentials from. The registry is host[:port] as
/// written in the image reference (<c>docker.io</c> for Docker Hub).</summary>
public interface IRegistryCredentialProvider
{
    RegistryCredential? GetCredential(string registry);
}

/// <summary>Fixed credentials per registry (for CI overrides), falling back to another provider.</summary>
public sealed class StaticCredentialProvider(IReadOnlyDictionary<string, RegistryCredential> credentials, IRegistryCredentialProvider? fallback = null)
    : IRegistryCredentialProvider
{
    public RegistryCredential? GetCredential(string registry) =>
        credentials.TryGetValue(registry, out var c) ? c : fallback?.GetCredential(registry);
}

/// <summary>Docker's credential configuration: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.
/// Looks in <c>credHelpers[registry]</c> (runs <c>docker-credential-&lt;name&gt; get</c>), then <c>auths</c>
/// (base64 <c>auth</c>, or <c>username</c>/<c>password</c>, or <c>identitytoken</c>; keys may carry a scheme
/// and path, e.g. <c>https://index.docker.io/v1/</c>), then <c>credsStore</c>. A missing file means
/// anonymous access.</summary>
public sealed class DockerCredentialStore : IRegistryCredentialProvider
{
    private readonly Func<string, string?> _getEnv;
    private readonly Dictionary<string, string> _helpers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RegistryCredential> _auths = new(StringComparer.OrdinalIgnoreCase);
    // Entries whose "auth" cannot be read: asking for that registry's credentials fails with the reason instead of
    // going on without credentials (the user would only see a 401 that never names the broken entry).
    private readonly Dictionary<string, string> _malformed = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _credsStore;

    private DockerCredentialStore(string? configPath, Func<string, string?> getEnv)
    {
        _getEnv = getEnv;
        ConfigPath = configPath;
        if (configPath is null || !File.Exists(configPath))
        {
            return;
        }
        var bytes = ImageBuildException.WrapIO($"reading {configPath}", () => File.ReadAllBytes(configPath));
        using var doc = CanonicalJson.Parse(bytes, configPath);
        var root = doc.RootElement;
        if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in auths.EnumerateObject())
            {
                var (credential, problem) = ParseAuth(entry.Value);
                if (credential is not null)
                {
                    _auths[NormalizeKey(entry.Name)] = credential;
                }
                else if (problem is not null)
                {
                    _malformed[NormalizeKey(entry.Name)] = $"{configPath}: auths.\"{entry.Name}\".auth {problem}";
                }
            }
        }
        if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in helpers.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    _helpers[NormalizeKey(entry.Name)] = entry.Value.GetString()!;
                }
            }
        }
        _credsStore = CanonicalJson.GetString(root, "credsStore");
    }

    public string? ConfigPath { get; }

    /// <summary>Reads the configuration the environment points at (<c>DOCKER_CONFIG</c>, <c>HOME</c>); the
    /// same function is used to find credential helpers on <c>PATH</c>.</summary>
    public static DockerCredentialStore FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        var getEnv = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        var dir = getEnv("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir))
        {
            var home = getEnv("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }
            dir = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker");
        }
        return new DockerCredentialStore(dir is null ? null : Path.Combine(dir, "config.json"), getEnv);
    }

    public static DockerCredentialStore FromConfigFile(string path, Func<string, string?>? getEnvironmentVariable = null) =>
        new(path, getEnvironmentVariable ?? Environment.GetEnvironmentVariable);

    public RegistryCredential? GetCredential(string registry)
    {
        var key = NormalizeKey(registry);
        if (_helpers.TryGetValue(key, out var helper))
        {
            return RunHelper(helper, registry);
        }
        if (_auths.TryGetValue(key, out var credential))
        {
            return credential;
        }
        if (_malformed.TryGetValue(key, out var problem))
        {
            throw new ImageBuildException(ImageErrorCodes.Unauthorized, $"the credentials for {registry} cannot be read: {problem} (docker login {registry} writes it again)");
        }
        if (!string.IsNullOrEmpty(_credsStore))
        {
            return RunHelper(_credsStore, registry);
        }
        return null;
    }

    /// <summary>Docker Hub's keys (<c>https://index.docker.io/v1/</c>, <c>index.docker.io</c>, <c>registry-1.docker.io</c>)
    /// all become <c>docker.io</c>; otherwise scheme and path are dropped.</summary>
    internal static string NormalizeKey(string key)
    {
        var k = key.Trim();
        var scheme = k.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            k = k[(scheme + 3)..];
        }
        var slash = k.IndexOf('/');
        if (slash >= 0)
        {
            k = k[..slash];
        }
        return k.ToLowerInvariant() switch
        {
            "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" => ImageReference.DockerHub,
            var other => other,
        };
    }

    /// <summary>An <c>auths</c> entry: the credential, or null and why (null, null: an entry with nothing in it).</summary>
    private static (RegistryCredential? Credential, string? Problem) ParseAuth(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }
        var identity = CanonicalJson.GetString(e, "identitytoken");
        var auth = CanonicalJson.GetString(e, "auth");
        if (!string.IsNullOrEmpty(auth))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                return (null, "is not base64");
            }
            var colon = decoded.IndexOf(':');
            return colon < 0
                ? (null, "is not base64 of user:password")
                : (new RegistryCredential(decoded[..colon], decoded[(colon + 1)..], string.IsNullOrEmpty(identity) ? null : identity), null);
        }
        var user = CanonicalJson.GetString(e, "username");
        var password = CanonicalJson.GetString(e, "password");
        if (!string.IsNullOrEmpty(user) || !string.IsNullOrEmpty(identity))
        {
            return (new RegistryCredential(user, password, string.IsNullOrEmpty(identity) ? null : identity), null);
        }
        return (null, null);
    }

    private RegistryCredential? RunHelper(string helper, string registry)
    {
        var program = "docker-credential-" + helper;
        var executable = FindOnPath(program);
        if (executable is null)
        {
            throw new ImageBuildException(ImageErrorCodes.Unauthorized,
                $"the Docker config {ConfigPath} names the credential helper '{helper}' for {registry}, but {program} is not on PATH");
        }
        // Helpers are asked with the server URL Docker itself would use.
        var server = registry == ImageReference.DockerHub ? "https://index.docker.io/v1/" : registry;
        var start = new ProcessStartInfo(executable, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)
            ?? throw new ImageBuildException(ImageErrorCodes.Unauthorized, $"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(server);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The helper exited without reading its input (EPIPE); its exit code and output tell what happened.
        }
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new ImageBuildException(ImageErrorCodes.Unauthorized, $"{program} get did not answer within 30 s for {registry}");
        }
        var output = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            var error = (output + stderr.GetAwaiter().GetResult()).Trim();
            // "credentials not found in native keychain" means anonymous, as in Docker.
            if (error.Contains("not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            throw new ImageBuildException(ImageErrorCodes.Unauthorized, $"{program} get failed for {registry} (exit {process.ExitCode}): {error}");
        }
        using var doc = CanonicalJson.Parse(Encoding.UTF8.GetBytes(output), $"output of {program} get");
        var user = CanonicalJson.GetString(doc.RootElement, "Username");
        var secret = CanonicalJson.GetString(doc.RootElement, "Secret");
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }
        return user == "<token>" ? new RegistryCredential(null, null, secret) : new RegistryCredential(user, secret);
    }

    private string? FindOnPath(string program)
    {
        var path = _getEnv("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }
        return null;
    }
}
