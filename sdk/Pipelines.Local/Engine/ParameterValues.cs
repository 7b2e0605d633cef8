using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Local;

/// <summary>Parameter values as KFP carries them (protobuf <c>Value</c>: numbers, strings, booleans,
/// lists, structs), held as <see cref="JsonNode"/>.</summary>
internal static class ParameterValues
{
    /// <summary>Text from the command line or an output parameter file, read as a value of KFP type <paramref name="type"/>.</summary>
    public static bool TryParse(string text, string type, out JsonNode? value)
    {
        value = null;
        switch (type)
        {
            case "STRING":
                value = JsonValue.Create(text);
                return true;
            case "NUMBER_INTEGER":
                if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) { value = JsonValue.Create(l); return true; }
                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) { value = JsonValue.Create((long)d); return true; }
                return false;
            case "NUMBER_DOUBLE":
                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var dd)) { value = JsonValue.Create(dd); return true; }
                return false;
            case "BOOLEAN":
                if (text.Trim() is "true" or "True") { value = JsonValue.Create(true); return true; }
                if (text.Trim() is "false" or "False") { value = JsonValue.Create(false); return true; }
                return false;
            case "LIST":
            case "STRUCT":
            case "TASK_FINAL_STATUS":
                try
                {
                    value = JsonNode.Parse(text);
                    return type == "LIST" ? value is JsonArray : value is JsonObject;
                }
                catch (JsonException)
                {
                    return false;
                }
            default:
                value = JsonValue.Create(text);
                return true;
        }
    }

    /// <summary>True when <paramref name="value"/> can be passed as KFP type <paramref name="type"/> (integers coerced from integral doubles).</summary>
    public static bool TryCoerce(JsonNode? value, string type, out JsonNode? coerced)
    {
        coerced = value?.DeepClone();
        if (value is null) return true;
        var kind = value.GetValueKind();
        switch (type)
        {
            case "STRING": return kind == JsonValueKind.String;
            case "BOOLEAN": return kind is JsonValueKind.True or JsonValueKind.False;
            case "NUMBER_DOUBLE": return kind == JsonValueKind.Number;
            case "NUMBER_INTEGER":
                if (kind != JsonValueKind.Number) return false;
                var d = AsDouble(value);
                if (d != Math.Floor(d)) return false;
                coerced = JsonValue.Create((long)d);
                return true;
            case "LIST": return kind == JsonValueKind.Array;
            case "STRUCT": return kind == JsonValueKind.Object;
            default: return true;
        }
    }

    /// <summary>A JSON number as a double, whatever CLR type backs the node.</summary>
    public static double AsDouble(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The text KFP's launcher would hand a string placeholder: strings raw, everything else as JSON.</summary>
    public static string ToText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
