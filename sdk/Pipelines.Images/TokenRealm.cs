using System.Net;
using System.Net.Sockets;

namespace Pipelines.Images;

/// <summary>Decides whether a token service named by a registry's <c>WWW-Authenticate: Bearer realm=…</c> may be
/// sent the user's credentials. The realm comes from the registry's answer, so a malicious or compromised registry
/// chooses it: without this check it could collect the credentials over plain http, or use the build to reach
/// addresses that only this machine can (cloud metadata services, the local network).
/// <list type="bullet">
/// <item>https: any host (Docker Hub's token service is another host than its registry);</item>
/// <item>http: only when the registry itself is reached over http (loopback, or declared insecure);</item>
/// <item>any other scheme, a relative URI, or user info in the URI: rejected;</item>
/// <item>a loopback, private, link-local, multicast or unspecified address (literal, or what the host name
/// resolves to now): rejected unless the registry itself is there, that is on the same host or in the same kind of
/// network (a registry on the private network may name a token service on it; a public one may not).</item>
/// </list>
/// Host names are resolved once, here; a name that does not resolve passes (the token request then fails on its
/// own). The check narrows, not closes, DNS rebinding: the connection resolves the name again.</summary>
public static class TokenRealm
{
    /// <summary>Returns the realm as a URI, or throws PIPE4009 naming it and the reason. Call before any credential
    /// is looked up. <paramref name="resolve"/> replaces DNS (tests).</summary>
    public static Uri Validate(string? realm, string registry, bool registryUsesPlainHttp, Func<string, IPAddress[]>? resolve = null)
    {
        if (string.IsNullOrWhiteSpace(realm))
        {
            throw Rejected(realm ?? "", registry, "the Bearer challenge names no realm");
        }
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var uri))
        {
            throw Rejected(realm, registry, "it is not an absolute URI");
        }
        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            if (!registryUsesPlainHttp)
            {
                throw Rejected(realm, registry, "plain http, for a registry reached over https");
            }
        }
        else if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw Rejected(realm, registry, $"scheme '{uri.Scheme}' (only https, or http for a loopback or insecure registry)");
        }
        if (uri.UserInfo.Length > 0)
        {
            throw Rejected(realm, registry, "it carries user info");
        }

        var registryHost = HostOf(registry);
        if (string.Equals(uri.IdnHost, registryHost, StringComparison.OrdinalIgnoreCase))
        {
            return uri; // the registry's own host: nothing reachable that the registry request did not reach already
        }
        var registryKinds = AddressesOf(registryHost, resolve).Select(Restriction).ToHashSet();
        foreach (var address in AddressesOf(uri.IdnHost, resolve))
        {
            if (Restriction(address) is { } kind && !registryKinds.Contains(kind))
            {
                throw Rejected(realm, registry, $"{uri.IdnHost} is a {kind} address ({address}) and the registry is not there");
            }
        }
        return uri;
    }

    private static ImageBuildException Rejected(string realm, string registry, string reason) =>
        new(ImageErrorCodes.RejectedRealm, $"registry {registry} names the token realm '{realm}', which is refused: {reason}; " +
            "no credentials were sent");

    /// <summary>The host of <c>host[:port]</c>, <c>[v6]:port</c> or Docker Hub's name, as a URI would give it.</summary>
    private static string HostOf(string registry)
    {
        var host = registry == ImageReference.DockerHub ? ImageReference.DockerHubApiHost : registry;
        return Uri.TryCreate("https://" + host, UriKind.Absolute, out var uri) ? uri.IdnHost : host;
    }

    private static IPAddress[] AddressesOf(string host, Func<string, IPAddress[]>? resolve)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [Normalize(literal)];
        }
        try
        {
            return [.. (resolve ?? Dns.GetHostAddresses)(host).Select(Normalize)];
        }
        catch (SocketException)
        {
            return [];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Why an address is off limits for a realm on another host, or null for a public unicast address.</summary>
    internal static string? Restriction(IPAddress address)
    {
        address = Normalize(address);
        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b6 = address.GetAddressBytes();
            return address.Equals(IPAddress.IPv6Any) ? "unspecified"
                : address.IsIPv6Multicast ? "multicast"
                : address.IsIPv6LinkLocal ? "link-local"
                : address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || (b6[0] & 0xFE) == 0xFC ? "private"
                : null;
        }
        var b = address.GetAddressBytes();
        return b[0] == 0 ? "unspecified"
            : b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) ? "private"
            : b[0] == 100 && (b[1] & 0xC0) == 64 ? "private" // carrier-grade NAT, 100.64.0.0/10
            : b[0] == 169 && b[1] == 254 ? "link-local" // includes cloud metadata services, 169.254.169.254
            : b[0] >= 224 && b[0] <= 239 ? "multicast"
            : b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255 ? "broadcast"
            : null;
    }
}
