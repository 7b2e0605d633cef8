using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0025: text the generator writes into a spec (descriptions, display names, string defaults)
/// must be valid Unicode. A C# string may hold a lone UTF-16 surrogate (<c>"\uD800"</c>); UTF-8
/// JSON and YAML cannot, and the runtime's JSON reader refuses it even escaped, so such a method is
/// reported by the analyzer and skipped by the parsers (the same rules, here).
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>One place with a lone surrogate: what it is (for the message), the surrogate, and where.</summary>
    internal sealed class Site
    {
        public Site(string what, char surrogate, Location location)
        {
            What = what;
            Surrogate = surrogate;
            Location = location;
        }

        public string What { get; }
        public char Surrogate { get; }
        public Location Location { get; }
    }

    /// <summary>The first lone surrogate in <paramref name="text"/>, or null.</summary>
    public static char? In(string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                else return c;
            }
            else if (char.IsLowSurrogate(c))
            {
                return c;
            }
        }
        return null;
    }

    /// <summary>The first lone surrogate in a string constant or an array of them, or null.</summary>
    public static char? In(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Array)
        {
            foreach (var element in constant.Values)
            {
                if (In(element) is char c) return c;
            }
            return null;
        }
        return constant.Kind == TypedConstantKind.Primitive ? In(constant.Value as string) : null;
    }

    /// <summary>Every text of a [Component]/[Pipeline] method that goes into its spec and holds a lone surrogate.</summary>
    public static IEnumerable<Site> Find(IMethodSymbol method, AttributeData attribute, KnownSymbols known, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var name in new[] { "Description", "DisplayName" })
        {
            if (In(KfpNaming.NamedString(attribute, name)) is char c)
            {
                yield return new Site(name + " of '" + method.Name + "'", c,
                    DiagnosticLocations.OfNamedArgument(attribute, name, cancellationToken) ?? DiagnosticLocations.Of(method));
            }
        }
        foreach (var parameter in method.Parameters)
        {
            if (parameter.HasExplicitDefaultValue && In(parameter.ExplicitDefaultValue as string) is char d)
                yield return new Site("The default value of parameter '" + parameter.Name + "'", d, DiagnosticLocations.Of(parameter));
            if (PipelineParser.DefaultArgument(parameter, known) is { } argument && In(argument) is char e)
            {
                yield return new Site("The [Default] value of parameter '" + parameter.Name + "'", e,
                    DiagnosticLocations.OfDefaultAttribute(parameter, known, cancellationToken));
            }
        }
    }

    /// <summary>True when <see cref="Find"/> finds anything (the parsers skip such methods).</summary>
    public static bool Any(IMethodSymbol method, AttributeData attribute, KnownSymbols known, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var _ in Find(method, attribute, known, cancellationToken)) return true;
        return false;
    }
}
