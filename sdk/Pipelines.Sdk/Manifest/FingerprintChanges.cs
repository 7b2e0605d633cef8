using System.Text.RegularExpressions;

namespace Pipelines.Sdk.Manifest;

/// <summary>
/// What changed in a component's fingerprint inputs since the previous build, in words a user
/// recognizes: <c>ModelSteps.Train</c> for a method (a state machine or lambda counts as its
/// method), <c>ChurnPrediction.Features.Imputer</c> for a type, <c>package Microsoft.ML/4.0.0</c>.
/// </summary>
internal static partial class FingerprintChanges
{
    private const int MaxNames = 6;

    public static string Describe(IReadOnlyDictionary<string, string> previous, IReadOnlyDictionary<string, string> current)
    {
        var keys = current.Where(i => !previous.TryGetValue(i.Key, out var old) || old != i.Value).Select(i => i.Key)
            .Concat(previous.Keys.Where(k => !current.ContainsKey(k)));
        var names = keys.Select(Readable).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return "unchanged";
        var shown = string.Join(", ", names.Take(MaxNames));
        return names.Count > MaxNames ? $"changed: {shown} and {names.Count - MaxNames} more" : "changed: " + shown;
    }

    /// <summary>One input key as a user would name it.</summary>
    public static string Readable(string key)
    {
        var space = key.IndexOf(' ');
        var kind = space < 0 ? key : key[..space];
        var rest = space < 0 ? "" : key[(space + 1)..];
        switch (kind)
        {
            case "method" or "field":
                {
                    var member = rest.Split(' ')[0];
                    var separator = member.IndexOf("::", StringComparison.Ordinal);
                    var type = StripAssembly(member[..separator]);
                    var name = member[(separator + 2)..];
                    // Compiler-generated: <Train>d__#, <>c/<Train>b__#_0 → the method they belong to.
                    var generated = GeneratedOwner().Match(type + "::" + name);
                    var segments = type.Split('/');
                    var outer = segments[0];
                    var shortType = outer[(outer.LastIndexOf('.') + 1)..];
                    if (generated.Success) return $"{shortType}.{generated.Groups[1].Value}";
                    if (segments.Length > 1 && segments[^1].StartsWith('<')) return shortType;
                    if (name is ".ctor" or ".cctor") return StripAssembly(member[..separator]).Replace('/', '.');
                    return $"{string.Join('.', segments.Select(s => s[(s.LastIndexOf('.') + 1)..]))}.{TrimAccessor(name)}";
                }
            case "type":
                return StripAssembly(rest).Split('/')[0] is var t && rest.Contains("/<", StringComparison.Ordinal) ? t : StripAssembly(rest).Replace('/', '.');
            case "assembly":
                return rest.Trim('[', ']') + " (assembly attributes)";
            case "resource":
                return "resource " + StripAssembly(rest);
            case "package":
                return "package " + rest;
            case "framework":
                return "framework " + rest;
            case "content":
                return rest;
            case "setting":
                return rest;
            case "reflection":
                return "reflection by name";
            default:
                return key;
        }
    }

    private static string StripAssembly(string name) => name.StartsWith('[') && name.IndexOf(']') is > 0 and var close ? name[(close + 1)..] : name;

    private static string TrimAccessor(string name) =>
        name.StartsWith("get_", StringComparison.Ordinal) || name.StartsWith("set_", StringComparison.Ordinal) ? name[4..] : name;

    [GeneratedRegex(@"<([A-Za-z_][A-Za-z0-9_]*)>")]
    private static partial Regex GeneratedOwner();
}
