using System.Globalization;
using System.Text.Json;

namespace Pipelines.Kfp.Tests.FakeKfp;

/// <summary>
/// The shape of a v2beta1 message as KFP's grpc-gateway decodes JSON (protojson): fields by proto
/// name or lowerCamel JSON name, unknown fields rejected, scalars type-checked, null = unset.
/// </summary>
internal abstract record Shape
{
    /// <summary>The first problem, in the words the server answers with, or null when it fits.</summary>
    public abstract string? Check(JsonElement value, string path);

    public static readonly Shape String = new ScalarShape("string", v => v.ValueKind == JsonValueKind.String);
    public static readonly Shape Int32 = new ScalarShape("int32", v => IsInteger(v, int.MinValue, int.MaxValue));
    public static readonly Shape Int64 = new ScalarShape("int64", v => IsInteger(v, long.MinValue, long.MaxValue));
    public static readonly Shape Bool = new ScalarShape("bool", v => v.ValueKind is JsonValueKind.True or JsonValueKind.False);
    public static readonly Shape Timestamp = new ScalarShape("google.protobuf.Timestamp",
        v => v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
    /// <summary>google.protobuf.Value / Struct: any JSON.</summary>
    public static readonly Shape Any = new ScalarShape("google.protobuf.Value", _ => true);
    public static readonly Shape Struct = new ScalarShape("google.protobuf.Struct", v => v.ValueKind == JsonValueKind.Object);

    private static bool IsInteger(JsonElement v, long min, long max) => v.ValueKind switch
    {
        JsonValueKind.Number => v.TryGetInt64(out var n) && n >= min && n <= max,
        JsonValueKind.String => long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) && s >= min && s <= max,
        _ => false,
    };
}

internal sealed record ScalarShape(string Type, Func<JsonElement, bool> Fits) : Shape
{
    public override string? Check(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Null || Fits(value) ? null : $"proto: syntax error: invalid value for {Type} field {path}: {value.GetRawText()}";
}

internal sealed record EnumShape(params string[] Values) : Shape
{
    public override string? Check(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Number => null,
        JsonValueKind.String when Values.Contains(value.GetString()) => null,
        _ => $"proto: invalid value for enum field {path}: {value.GetRawText()}",
    };
}

internal sealed record ListShape(Shape Item) : Shape
{
    public override string? Check(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) return $"proto: syntax error: field {path} expects a list, got {value.GetRawText()}";
        var i = 0;
        foreach (var item in value.EnumerateArray())
            if (Item.Check(item, $"{path}[{i++}]") is { } problem) return problem;
        return null;
    }
}

internal sealed record MapShape(Shape Value) : Shape
{
    public override string? Check(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) return $"proto: syntax error: field {path} expects a map, got {value.GetRawText()}";
        foreach (var entry in value.EnumerateObject())
            if (Value.Check(entry.Value, $"{path}[{entry.Name}]") is { } problem) return problem;
        return null;
    }
}

internal sealed record MessageShape(string Name, IReadOnlyDictionary<string, Shape> Fields) : Shape
{
    public override string? Check(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) return $"proto: syntax error: {Name} at {path} must be an object, got {value.GetRawText()}";
        foreach (var property in value.EnumerateObject())
        {
            var field = Fields.FirstOrDefault(f => f.Key == property.Name || CamelCase(f.Key) == property.Name);
            if (field.Value is null) return $"proto: unknown field \"{property.Name}\" in {Name}";
            if (field.Value.Check(property.Value, path.Length == 0 ? field.Key : $"{path}.{field.Key}") is { } problem) return problem;
        }
        return null;
    }

    private static string CamelCase(string name)
    {
        var parts = name.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
