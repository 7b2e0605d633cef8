using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipelines;

/// <summary>How C# values travel as KFP parameter values (google.protobuf.Value JSON): enums as
/// their names, records and classes with snake_case property names, numbers as JSON numbers.</summary>
internal static class KfpJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Compact, byte-stable JSON text for files the build or KFP reads.</summary>
    public static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static readonly JsonSerializerOptions Indented = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    /// <summary>
    /// Like <see cref="ToNode{T}"/>, but floating-point numbers keep a fraction (<c>1.0</c>, not <c>1</c>),
    /// as Python's <c>json.dumps</c> writes floats: for <c>parameterIterator.items.raw</c>, which KFP's
    /// SDK writes that way.
    /// </summary>
    public static JsonNode? ToPythonStyleNode<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, PythonFloats));

    private static readonly JsonSerializerOptions PythonFloats = new(Options)
    {
        Converters = { new PythonFloatConverter<double>(d => d), new PythonFloatConverter<float>(f => f), new PythonFloatConverter<decimal>(m => (double)m) },
    };

    private sealed class PythonFloatConverter<T>(Func<T, double> toDouble) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only used to write loop items.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var d = toDouble(value);
            if (!double.IsFinite(d)) throw new JsonException($"{d} cannot be a KFP value.");
            var text = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture).Replace('E', 'e');
            writer.WriteRawValue(text.Contains('.') || text.Contains('e') ? text : text + ".0");
        }
    }

    /// <summary>A parameter value as KFP's launcher reads it from an output file: strings raw,
    /// everything else as JSON.</summary>
    public static string ToParameterText(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(Compact),
    };
}
