using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Pipelines.Contracts;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// <c>[Default("[1, 2, 3]")]</c> / <c>[Default("""{"a": 1.0}""")]</c> on a LIST or STRUCT parameter: C# attribute
/// arguments cannot be lists of arbitrary values or dictionaries, so the default is JSON text, checked here against the
/// declared C# type (element types, dictionary values, record properties) and rewritten as compact JSON typed the way
/// KFP's compiler writes Python values: doubles with a fraction (<c>1.0</c>), integers without.
/// </summary>
internal static class JsonDefaults
{
    /// <summary>Deepest nesting of arrays and objects a default may have.</summary>
    private const int MaxDepth = 32;

    /// <summary>Largest integer a JSON number read as a double keeps exactly (2^53).</summary>
    private const double MaxExactInteger = 9007199254740992d;

    /// <summary>The normalised JSON of <paramref name="json"/> as a default of <paramref name="info"/>'s type; null (and
    /// <paramref name="problem"/>) when it is not JSON or does not fit. A top-level <c>null</c> comes back as "null".</summary>
    public static string? Convert(string json, ParameterTypeInfo info, KfpTypeClassifier classifier, out string? problem)
    {
        if (NestingDepth(json) > MaxDepth)
        {
            // Checked before parsing: the reader recurses, and a generator must never take the compiler down.
            problem = "it is nested more than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels deep";
            return null;
        }
        object? value;
        try
        {
            value = MiniJson.Parse(json);
        }
        catch (Exception e) when (e is FormatException || e is OverflowException)
        {
            problem = "it is not JSON (" + e.Message + ")";
            return null;
        }
        if (LoneSurrogateIn(value) is { } surrogate)
        {
            // JSON can spell one as an escape (\ud800); the YAML is UTF-8 and cannot carry it (see PIPE0025).
            problem = "it contains a lone UTF-16 surrogate (\\u" + ((int)surrogate).ToString("X4", CultureInfo.InvariantCulture) + ")";
            return null;
        }
        var sb = new StringBuilder();
        problem = Write(sb, value, info, classifier, "the value", depth: 0);
        return problem is null ? sb.ToString() : null;
    }

    /// <summary>Writes <paramref name="value"/> as a value of <paramref name="info"/>'s type; returns what is wrong, or null.</summary>
    private static string? Write(StringBuilder sb, object? value, ParameterTypeInfo? info, KfpTypeClassifier classifier, string where, int depth)
    {
        if (depth > MaxDepth) return where + " is nested too deeply";
        if (value is null)
        {
            if (info is not null && !info.IsNullable && depth > 0) return where + " is null, but " + Display(info) + " is not nullable";
            sb.Append("null");
            return null;
        }
        // JsonArray/JsonObject (or no type known): any JSON, written as it is.
        if (info is null || IsJsonNode(info.Scalar))
        {
            if (info is not null && info.ParameterType == KfpParameterType.List && !(value is List<object?>)) return where + " must be a JSON array";
            if (info is not null && info.ParameterType == KfpParameterType.Struct && !(value is Dictionary<string, object?>)) return where + " must be a JSON object";
            sb.Append(MiniJson.Write(value));
            return null;
        }

        switch (info.ParameterType)
        {
            case KfpParameterType.String:
                if (!(value is string text)) return where + " must be a string for " + Display(info);
                if (info.Scalar.TypeKind == TypeKind.Enum && !info.Scalar.GetMembers().OfType<IFieldSymbol>().Any(f => f.HasConstantValue && f.Name == text))
                    return where + " '" + text + "' is not a member of " + Display(info);
                sb.Append(JsonObjectWriter.String(text));
                return null;
            case KfpParameterType.Boolean:
                if (!(value is bool b)) return where + " must be true or false for " + Display(info);
                sb.Append(b ? "true" : "false");
                return null;
            case KfpParameterType.Integer:
                if (!(value is double i) || Math.Floor(i) != i || Math.Abs(i) > MaxExactInteger) return where + " must be an integer for " + Display(info);
                sb.Append(((long)i).ToString(CultureInfo.InvariantCulture));
                return null;
            case KfpParameterType.Double:
                if (!(value is double d)) return where + " must be a number for " + Display(info);
                var number = d.ToString("R", CultureInfo.InvariantCulture);
                sb.Append(number.IndexOf('.') >= 0 || number.IndexOf('E') >= 0 ? number : number + ".0");
                return null;
            case KfpParameterType.List:
                {
                    if (!(value is List<object?> list)) return where + " must be a JSON array for " + Display(info);
                    var elementType = ListElement(info.Scalar);
                    var element = elementType is null ? null : classifier.ClassifyParameterType(elementType);
                    sb.Append('[');
                    for (var k = 0; k < list.Count; k++)
                    {
                        if (k > 0) sb.Append(',');
                        var problem = Write(sb, list[k], element, classifier, "element " + k.ToString(CultureInfo.InvariantCulture) + (depth == 0 ? "" : " of " + where), depth + 1);
                        if (problem is not null) return problem;
                    }
                    sb.Append(']');
                    return null;
                }
            case KfpParameterType.Struct:
                {
                    if (!(value is Dictionary<string, object?> map)) return where + " must be a JSON object for " + Display(info);
                    IReadOnlyDictionary<string, ITypeSymbol>? properties = null;
                    ParameterTypeInfo? values = null;
                    if (DictionaryValue(info.Scalar) is { } valueType)
                        values = classifier.ClassifyParameterType(valueType);
                    else
                        properties = RecordProperties(info.Scalar);
                    sb.Append('{');
                    var first = true;
                    foreach (var key in map.Keys.OrderBy(static k => k, StringComparer.Ordinal))
                    {
                        var member = values;
                        if (properties is not null)
                        {
                            if (!properties.TryGetValue(key, out var propertyType))
                                return "key '" + key + "' of " + where + " is not a property of " + Display(info) + " (expected one of: " + string.Join(", ", properties.Keys.OrderBy(static k => k, StringComparer.Ordinal)) + ")";
                            member = classifier.ClassifyParameterType(propertyType);
                        }
                        if (!first) sb.Append(',');
                        first = false;
                        sb.Append(JsonObjectWriter.String(key)).Append(':');
                        var problem = Write(sb, map[key], member, classifier, "'" + key + "'" + (depth == 0 ? "" : " of " + where), depth + 1);
                        if (problem is not null) return problem;
                    }
                    sb.Append('}');
                    return null;
                }
            default:
                return where + " cannot be a default of " + Display(info);
        }
    }

    /// <summary>The deepest nesting of <c>[</c> and <c>{</c> outside strings (an upper bound for malformed text).</summary>
    private static int NestingDepth(string json)
    {
        int depth = 0, max = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '[' || c == '{')
            {
                max = Math.Max(max, ++depth);
            }
            else if (c == ']' || c == '}')
            {
                depth--;
            }
        }
        return max;
    }

    private static char? LoneSurrogateIn(object? value)
    {
        switch (value)
        {
            case string text:
                return LoneSurrogates.In(text);
            case List<object?> list:
                foreach (var item in list)
                {
                    if (LoneSurrogateIn(item) is { } c) return c;
                }
                return null;
            case Dictionary<string, object?> map:
                foreach (var pair in map)
                {
                    if ((LoneSurrogates.In(pair.Key) ?? LoneSurrogateIn(pair.Value)) is { } c) return c;
                }
                return null;
            default:
                return null;
        }
    }

    private static string Display(ParameterTypeInfo info) => "'" + KfpTypeClassifier.Display(info.Scalar) + "'";

    private static bool IsJsonNode(ITypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return name == "global::System.Text.Json.Nodes.JsonArray" || name == "global::System.Text.Json.Nodes.JsonObject";
    }

    /// <summary>The element of an array or of one of the list interfaces KFP carries.</summary>
    public static ITypeSymbol? ListElement(ITypeSymbol list) => list switch
    {
        IArrayTypeSymbol array => array.ElementType,
        INamedTypeSymbol { TypeArguments.Length: 1 } named => named.TypeArguments[0],
        _ => null,
    };

    /// <summary>The value type of a <c>Dictionary&lt;string, T&gt;</c> (or its interfaces); null for records.</summary>
    private static ITypeSymbol? DictionaryValue(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeArguments.Length: 2 } named && named.TypeArguments[0].SpecialType == SpecialType.System_String &&
        named.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic"
            ? named.TypeArguments[1]
            : null;

    /// <summary>
    /// A record's properties by the JSON name the runtime reads them under (<c>[JsonPropertyName]</c>, else snake_case,
    /// as <c>KfpJson</c> serialises them), compared without case as System.Text.Json's web defaults do.
    /// </summary>
    private static IReadOnlyDictionary<string, ITypeSymbol> RecordProperties(ITypeSymbol type)
    {
        var result = new Dictionary<string, ITypeSymbol>(StringComparer.OrdinalIgnoreCase);
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (!(member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property)) continue;
                var name = JsonPropertyName(property) ?? KfpNames.ToSnakeCase(property.Name);
                if (!result.ContainsKey(name)) result[name] = property.Type;
            }
        }
        return result;
    }

    private static string? JsonPropertyName(IPropertySymbol property)
    {
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPropertyNameAttribute" &&
                attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }
        return null;
    }
}
