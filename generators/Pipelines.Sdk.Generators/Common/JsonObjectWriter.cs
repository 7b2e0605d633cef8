using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Builds one compact JSON object whose keys are written in ordinal order, whatever order
/// they were added in. Values are JSON text (<see cref="String"/> quotes a string; nested
/// objects are other writers' <see cref="ToString"/>).
/// </summary>
internal sealed class JsonObjectWriter
{
    private readonly SortedDictionary<string, string> _properties = new SortedDictionary<string, string>(System.StringComparer.Ordinal);

    public int Count => _properties.Count;

    /// <summary>Adds a property whose value is already JSON text.</summary>
    public JsonObjectWriter AddRaw(string key, string json)
    {
        _properties[key] = json;
        return this;
    }

    public JsonObjectWriter AddString(string key, string value) => AddRaw(key, String(value));

    /// <summary>Adds a nested object unless it is empty (KFP omits empty maps).</summary>
    public JsonObjectWriter AddObjectIfNotEmpty(string key, JsonObjectWriter value)
    {
        if (value.Count > 0) AddRaw(key, value.ToString());
        return this;
    }

    public override string ToString()
    {
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var property in _properties)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(String(property.Key)).Append(':').Append(property.Value);
        }
        return sb.Append('}').ToString();
    }

    /// <summary>
    /// A JSON string literal: quotes, backslashes and control characters escaped, and lone UTF-16
    /// surrogates as <c>\uXXXX</c> so the text stays valid JSON in any encoding (the analyzer reports
    /// them, PIPE0025: JSON readers refuse them when they unescape the string).
    /// </summary>
    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    sb.Append(c).Append(value[++i]);
                    continue;
                }
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                continue;
            }
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
