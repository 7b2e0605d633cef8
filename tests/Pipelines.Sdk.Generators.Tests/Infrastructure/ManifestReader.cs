using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>Reads <c>AssemblyMetadata</c> attributes from a compiled assembly the way the build does: metadata only, no code runs.</summary>
internal static class ManifestReader
{
    public static List<KeyValuePair<string, string>> Read(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.IsTrue(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new List<KeyValuePair<string, string>>();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var ctor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = reader.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (reader.GetString(type.Name) != "AssemblyMetadataAttribute") continue;
            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1) continue;
            var key = blob.ReadSerializedString()!;
            var value = blob.ReadSerializedString()!;
            if (key.StartsWith("Pipelines.", StringComparison.Ordinal)) result.Add(new(key, value));
        }
        return result;
    }

    /// <summary>The node written compactly with keys in ordinal order at every level.</summary>
    public static string SortedCompact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                return "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => JsonSerializer.Serialize(p.Key) + ":" + SortedCompact(p.Value))) + "}";
            case JsonArray array:
                return "[" + string.Join(",", array.Select(SortedCompact)) + "]";
            case null:
                return "null";
            default:
                return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
    }
}
