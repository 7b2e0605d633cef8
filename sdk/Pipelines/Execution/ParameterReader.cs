using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines;

/// <summary>
/// Converts a KFP parameter value (JSON) to the C# type a component declares. Lenient where KFP
/// is: integers may arrive as <c>5.0</c>, booleans and numbers as text, LIST/STRUCT as JSON text.
/// </summary>
internal static class ParameterReader
{
    /// <exception cref="FormatException">The value does not fit <paramref name="type"/>.</exception>
    public static object? Read(JsonElement value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (underlying is not null || !type.IsValueType) return null;
            throw new FormatException($"expected {Describe(type)}, got null");
        }
        type = underlying ?? type;

        if (type == typeof(string))
            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        if (type == typeof(bool))
        {
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
                JsonValueKind.String when value.GetString() is "1" or "0" => value.GetString() == "1",
                _ => throw Mismatch(value, type),
            };
        }

        if (type.IsEnum)
        {
            if (value.ValueKind == JsonValueKind.String && Enum.TryParse(type, value.GetString(), ignoreCase: true, out var e) && Enum.IsDefined(type, e!))
                return e;
            throw new FormatException($"expected one of {string.Join(", ", Enum.GetNames(type))}, got {value.GetRawText()}");
        }
        if (IsInteger(type))
        {
            var d = ReadNumber(value, type);
            if (d != Math.Floor(d) || double.IsInfinity(d)) throw Mismatch(value, type);
            try { return Convert.ChangeType(d, type, CultureInfo.InvariantCulture); }
            catch (OverflowException) { throw new FormatException($"{value.GetRawText()} is out of range for {Describe(type)}"); }
        }
        if (type == typeof(double)) return ReadNumber(value, type);
        if (type == typeof(float)) return (float)ReadNumber(value, type);
        if (type == typeof(decimal)) return (decimal)ReadNumber(value, type);

        // LIST and STRUCT: JSON arrays and objects, or (from older launchers) their JSON text.
        var json = value;
        if (value.ValueKind == JsonValueKind.String)
        {
            try { json = JsonDocument.Parse(value.GetString()!).RootElement; }
            catch (JsonException) { throw Mismatch(value, type); }
        }
        try { return json.Deserialize(type, ReadOptions); }
        catch (JsonException e) { throw new FormatException($"expected {Describe(type)}: {e.Message}"); }
    }

    /// <summary>KfpJson.Options, except that integers nested in LIST/STRUCT values may also arrive
    /// as <c>5.0</c> (KFP numbers are google.protobuf.Value doubles), as top-level ones may.</summary>
    private static readonly JsonSerializerOptions ReadOptions = new(KfpJson.Options)
    {
        Converters =
        {
            new IntegralConverter<int>(), new IntegralConverter<long>(), new IntegralConverter<short>(), new IntegralConverter<byte>(),
            new IntegralConverter<uint>(), new IntegralConverter<ulong>(), new IntegralConverter<ushort>(), new IntegralConverter<sbyte>(),
        },
    };

    private sealed class IntegralConverter<T> : JsonConverter<T> where T : struct, IBinaryInteger<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            decimal? d = reader.TokenType switch
            {
                JsonTokenType.Number when reader.TryGetDecimal(out var n) => n,
                JsonTokenType.String when decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            };
            if (d is not { } value || value != decimal.Truncate(value)) throw new JsonException($"expected an integer for {typeof(T).Name}");
            try { return T.CreateChecked(value); }
            catch (OverflowException) { throw new JsonException($"{value} is out of range for {typeof(T).Name}"); }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString(null, CultureInfo.InvariantCulture));
    }

    private static double ReadNumber(JsonElement value, Type type) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw Mismatch(value, type),
    };

    private static bool IsInteger(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) ||
        t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte);

    private static FormatException Mismatch(JsonElement value, Type type) =>
        new($"expected {Describe(type)}, got {Truncate(value.GetRawText())}");

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "a boolean",
        _ when IsInteger(type) => "an integer",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ => $"JSON for {type.Name}",
    };

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
