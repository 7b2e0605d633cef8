// Shared verbatim between the runtime library and the generator (netstandard2.0): keep it
// free of newer BCL APIs.
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Pipelines.Contracts;

/// <summary>
/// JSON text exactly as Python's <c>json.dumps</c> writes it with its defaults (", " and ": "
/// separators, every character outside printable ASCII as <c>\uXXXX</c>): KFP's compiler writes
/// <c>IfPresent</c> and <c>Concat</c> placeholders into a container's command and args that way,
/// and the same component should compile to the same bytes from C# as from Python. The runtime writes
/// <c>parameterIterator.items.raw</c> the same way (<c>IrParts.PythonJson</c>).
/// </summary>
internal static class PythonJson
{
    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
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
                    // ensure_ascii: UTF-16 code units, so a character outside the BMP becomes its surrogate pair, as in Python.
                    if (c < ' ' || c > '~') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary><c>[a, b]</c> of values that are JSON text already.</summary>
    public static string Array(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    /// <summary><c>{"k": v, ...}</c> in the given order (Python keeps insertion order), values JSON text already.</summary>
    public static string Object(IEnumerable<KeyValuePair<string, string>> properties)
    {
        var parts = new List<string>();
        foreach (var property in properties) parts.Add(String(property.Key) + ": " + property.Value);
        return "{" + string.Join(", ", parts) + "}";
    }
}
