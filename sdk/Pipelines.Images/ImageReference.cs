using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace Pipelines.Images;

/// <summary>A parsed image reference <c>[registry/]repository[:tag][@digest]</c>, with Docker's defaults:
/// no registry means <c>docker.io</c>, and a one-component Docker Hub repository gets <c>library/</c>.
/// The first component is a registry when it contains <c>.</c> or <c>:</c> or is <c>localhost</c>.</summary>
public sealed partial class ImageReference : IEquatable<ImageReference>
{
    public const string DockerHub = "docker.io";
    /// <summary>The host that serves Docker Hub's distribution API.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry as written (host[:port]); <c>docker.io</c> when none was given.</summary>
    public string Registry { get; }
    /// <summary>Repository path inside the registry, e.g. <c>library/ubuntu</c> or <c>kfp/clean</c>.</summary>
    public string Repository { get; }
    public string? Tag { get; }
    /// <summary><c>sha256:&lt;64 hex&gt;</c> when the reference pins a digest.</summary>
    public string? Digest { get; }

    /// <summary>What to ask the registry's manifest endpoint for: the digest, else the tag, else <c>latest</c>.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary>Host[:port] to send distribution API requests to (Docker Hub maps to registry-1.docker.io).</summary>
    public string RegistryApiHost => Registry == DockerHub ? DockerHubApiHost : Registry;

    /// <summary>True for <c>localhost</c>, <c>127.0.0.0/8</c> and <c>[::1]</c>, with or without a port.</summary>
    public bool IsLoopback => IsLoopbackRegistry(Registry);

    /// <summary><c>registry/repository</c>, without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Parse(string reference)
    {
        if (!TryParse(reference, out var result, out var error))
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"invalid image reference '{reference}': {error}");
        }
        return result;
    }

    public static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? result) =>
        TryParse(reference, out result, out _);

    private static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? result, out string error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(reference))
        {
            error = "it is empty";
            return false;
        }
        if (reference.Length > 4096 || reference.Trim() != reference)
        {
            error = "it has surrounding white space or is too long";
            return false;
        }

        var rest = reference;
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestRegex().IsMatch(digest))
            {
                error = $"'{digest}' is not a digest (expected sha256:<64 lower-case hex>)";
                return false;
            }
        }

        var registry = DockerHub;
        var slash = rest.IndexOf('/');
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost")
            {
                registry = first;
                rest = rest[(slash + 1)..];
                if (!RegistryRegex().IsMatch(registry) || !PortInRange(registry))
                {
                    error = $"'{registry}' is not a registry host[:port] (a port is 1-65535)";
                    return false;
                }
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && rest.IndexOf('/', colon) < 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagRegex().IsMatch(tag))
            {
                error = $"'{tag}' is not a tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')";
                return false;
            }
        }

        if (!RepositoryRegex().IsMatch(rest) || rest.Length > 255)
        {
            error = $"'{rest}' is not a repository (lower-case components separated by '/')";
            return false;
        }
        if (registry == "index.docker.io" || registry == DockerHubApiHost)
        {
            registry = DockerHub;
        }
        if (registry == DockerHub && !rest.Contains('/'))
        {
            rest = "library/" + rest;
        }
        result = new ImageReference(registry, rest, tag, digest);
        error = "";
        return true;
    }

    /// <summary>Builds a reference from parts, validating each (PIPE4007 when invalid).</summary>
    public static ImageReference Create(string registry, string repository, string? tag = null, string? digest = null)
    {
        var text = $"{registry}/{repository}{(tag is null ? "" : ":" + tag)}{(digest is null ? "" : "@" + digest)}";
        var parsed = Parse(text);
        if (parsed.Registry != (registry is "index.docker.io" or DockerHubApiHost ? DockerHub : registry))
        {
            throw new ImageBuildException(ImageErrorCodes.BadReference, $"invalid registry '{registry}' in '{text}'");
        }
        return parsed;
    }

    public ImageReference WithTag(string? tag) => Create(Registry, Repository, tag, null);
    public ImageReference WithDigest(string? digest) => Create(Registry, Repository, Tag, digest);

    /// <summary>The port, when there is one, is one an URI can name (the pattern allows any five digits).</summary>
    private static bool PortInRange(string registry)
    {
        var colon = registry.LastIndexOf(':');
        if (colon < 0 || registry.EndsWith(']')) return true;
        return int.TryParse(registry.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535;
    }

    /// <summary>True when the registry host (with optional port) is a loopback name or address.</summary>
    public static bool IsLoopbackRegistry(string registry)
    {
        var host = registry;
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']');
            host = end > 0 ? host[1..end] : host;
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0 && host.IndexOf(':') == colon)
            {
                host = host[..colon];
            }
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Canonical form: <c>registry/repository[:tag][@digest]</c>.</summary>
    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    public bool Equals(ImageReference? other) => other is not null && ToString() == other.ToString();
    public override bool Equals(object? obj) => Equals(obj as ImageReference);
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$")]
    private static partial Regex DigestRegex();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryRegex();
}
