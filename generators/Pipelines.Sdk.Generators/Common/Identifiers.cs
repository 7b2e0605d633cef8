using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators;

/// <summary>C# identifier helpers for generated code.</summary>
internal static class Identifiers
{
    /// <summary><c>class</c> → <c>@class</c>, <c>_</c> → <c>@_</c> (not a discard); other names unchanged.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "_" ? "@" + name : name;

    /// <summary>A property name for a C# parameter name: <c>cleaned</c> → <c>Cleaned</c>,
    /// <c>best_model</c> → <c>Best_model</c> (only the first letter changes).</summary>
    public static string ToPascalCase(string name)
    {
        if (name.Length == 0 || !char.IsLower(name[0])) return name;
        return char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    /// <summary><c>Churn.Steps.Clean</c> → <c>Churn_Steps_Clean</c>: a name fragment for generated members.</summary>
    public static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return sb.ToString();
    }

    /// <summary><paramref name="preferred"/>, or it with '_' appended until no name in <paramref name="taken"/> equals it.</summary>
    public static string Unique(string preferred, ICollection<string> taken)
    {
        var name = preferred;
        while (taken.Contains(name)) name += "_";
        return name;
    }
}
