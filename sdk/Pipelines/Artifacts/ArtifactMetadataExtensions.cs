using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// Typed reads of artifact metadata: <c>model.Metadata.Get&lt;double&gt;("accuracy")</c>. Values are
/// converted as component inputs are (<c>ParameterReader</c>): KFP keeps metadata in ML Metadata as
/// <c>google.protobuf.Struct</c>, whose numbers are doubles, so an integer written as <c>812</c>
/// comes back from KFP as <c>812.0</c> and still reads as <c>int</c>; records and lists read from
/// JSON objects and arrays (snake_case keys), enums from their names.
/// </summary>
public static class ArtifactMetadataExtensions
{
    /// <summary>The metadata entry <paramref name="key"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no entry <paramref name="key"/>.</exception>
    /// <exception cref="FormatException">The entry does not fit <typeparamref name="T"/> (a text where a number is
    /// expected, <c>2.5</c> for an <c>int</c>, <c>null</c> for a non-nullable type).</exception>
    public static T Get<T>(this JsonObject metadata, string key)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(key);
        if (!metadata.TryGetPropertyValue(key, out var node))
        {
            throw new KeyNotFoundException($"The artifact metadata has no entry '{key}'" +
                (metadata.Count == 0 ? " (it is empty)." : $"; it has {string.Join(", ", metadata.Select(p => $"'{p.Key}'"))}."));
        }

        return Read<T>(key, node);
    }

    /// <summary>The metadata entry <paramref name="key"/> as <typeparamref name="T"/>, or false when there is no
    /// such entry. An entry that does not fit <typeparamref name="T"/> is still an error (<see cref="FormatException"/>):
    /// a wrong type is a bug to see, not a missing value.</summary>
    public static bool TryGet<T>(this JsonObject metadata, string key, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(key);
        if (!metadata.TryGetPropertyValue(key, out var node))
        {
            value = default;
            return false;
        }
        value = Read<T>(key, node);
        return true;
    }

    /// <summary>The metadata entry <paramref name="key"/> as <typeparamref name="T"/>, or <paramref name="fallback"/>
    /// when there is no such entry.</summary>
    public static T GetOrDefault<T>(this JsonObject metadata, string key, T fallback) =>
        metadata.TryGet(key, out T? value) ? value! : fallback;

    private static T Read<T>(string key, JsonNode? node)
    {
        var element = node is null ? NullElement : JsonSerializer.SerializeToElement(node);
        try
        {
            return (T)ParameterReader.Read(element, typeof(T))!;
        }
        catch (FormatException e)
        {
            throw new FormatException($"Artifact metadata entry '{key}': {e.Message}", e);
        }
    }

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement;
}
