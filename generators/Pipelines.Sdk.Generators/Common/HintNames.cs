using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Names of generated files. <c>AddSource</c> throws on a name with characters a file name may not
/// have (a class whose name is missing while the user types is called <c>&lt;invalid-global-code&gt;</c>)
/// and on two names that differ only in case, so every name is sanitized and made unique first.
/// </summary>
internal static class HintNames
{
    /// <summary>Letters, digits, '_', '-' and '.' stay; anything else becomes '_'.</summary>
    public static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var plain = (c < 128 && char.IsLetterOrDigit(c)) || c == '_' || c == '-' || c == '.';
            sb.Append(plain ? c : '_');
        }
        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="preferred"/> (<c>Name.g.cs</c>), or <c>Name_2.g.cs</c>, <c>Name_3.g.cs</c>... when a
    /// name in <paramref name="taken"/> already equals it ignoring case; the result is added to <paramref name="taken"/>.
    /// </summary>
    public static string Unique(string preferred, ISet<string> taken)
    {
        const string Extension = ".g.cs";
        var stem = preferred.EndsWith(Extension, StringComparison.Ordinal) ? preferred.Substring(0, preferred.Length - Extension.Length) : preferred;
        var name = stem + Extension;
        for (var i = 2; !taken.Add(name); i++) name = stem + "_" + i.ToString(CultureInfo.InvariantCulture) + Extension;
        return name;
    }

    /// <summary>A set to pass to <see cref="Unique"/>: hint names are compared ignoring case.</summary>
    public static HashSet<string> NewSet() => new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
