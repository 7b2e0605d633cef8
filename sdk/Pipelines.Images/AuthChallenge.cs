using System.Net.Http.Headers;
using System.Text;

namespace Pipelines.Images;

/// <summary>What a registry's <c>401</c> asks for: <c>WWW-Authenticate: Bearer realm="…",service="…",scope="…"</c>
/// or <c>Basic realm="…"</c>. A Bearer challenge wins over a Basic one in the same answer.</summary>
internal sealed record AuthChallenge(string Scheme, string? Realm, string? Service, string? Scope)
{
    public bool IsBearer => Scheme == "bearer";
    public bool IsBasic => Scheme == "basic";

    public static AuthChallenge? Parse(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        AuthChallenge? basic = null;
        foreach (var header in headers)
        {
            var scheme = header.Scheme.ToLowerInvariant();
            var parameters = ParseParameters(header.Parameter ?? "");
            parameters.TryGetValue("realm", out var realm);
            parameters.TryGetValue("service", out var service);
            parameters.TryGetValue("scope", out var scope);
            if (scheme == "bearer")
            {
                return new AuthChallenge(scheme, realm, service, scope);
            }
            if (scheme == "basic")
            {
                basic = new AuthChallenge(scheme, realm, service, scope);
            }
        }
        return basic;
    }

    /// <summary>Parses <c>k="v",k2=v2</c> (quoted values may contain commas).</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            var eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }
            var key = text[i..eq].Trim();
            i = eq + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }
                    value.Append(text[i++]);
                }
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i++]);
                }
            }
            result[key] = value.ToString().Trim();
        }
        return result;
    }

    /// <summary>Merges scopes per resource (<c>repository:a:pull</c> + <c>repository:a:push</c> = <c>repository:a:pull,push</c>),
    /// actions and resources in ordinal order, so equal needs give equal token cache keys.</summary>
    internal static IReadOnlyList<string> NormalizeScopes(IEnumerable<string> scopes)
    {
        var merged = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            var last = scope.LastIndexOf(':');
            if (last <= 0)
            {
                continue;
            }
            var resource = scope[..last];
            if (!merged.TryGetValue(resource, out var actions))
            {
                merged[resource] = actions = new SortedSet<string>(StringComparer.Ordinal);
            }
            foreach (var action in scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                actions.Add(action);
            }
        }
        return [.. merged.Select(kv => $"{kv.Key}:{string.Join(',', kv.Value)}")];
    }
}
