using System.Text.Json;

namespace Pipelines.Kfp.Api;

/// <summary>
/// The <c>filter</c> query parameter of List calls: a JSON-serialized v2beta1 <c>Filter</c>
/// (<c>{"predicates": [{"operation": "EQUALS", "key": …, "string_value": …}]}</c>).
/// </summary>
public static class Filter
{
    public static string Equal(string key, string value) => JsonSerializer.Serialize(new
    {
        predicates = new[] { new Dictionary<string, string> { ["operation"] = "EQUALS", ["key"] = key, ["string_value"] = value } },
    });
}
