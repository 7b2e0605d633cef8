using System.Text.Json.Nodes;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// The executors file the pipeline trace reads, with a placeholder instead of each component's image: the tracer copies
/// an executor's image verbatim into <c>deploymentSpec.executors.*.container.image</c> and nothing else reads it, so the
/// traced IR with the placeholders put back to images is exactly the IR a trace with the images gives. That makes the
/// traced IR independent of images, so a build whose only change is a component's image (its body changed) reuses it.
/// Commands, imported components' own containers (verbatim, images included) and which components exist stay as they
/// are: they are part of what the trace is a function of.
/// </summary>
internal static class TraceExecutors
{
    // Angle brackets and spaces: never part of an image reference, so never an image the IR holds for another reason.
    private const string Prefix = "<image of component ";

    public static string Placeholder(string component) => $"{Prefix}{component}, filled in by the build>";

    /// <summary>The executors with placeholders, and placeholder → this build's image.</summary>
    public static (JsonObject Executors, Dictionary<string, string> Images) Of(JsonObject executors)
    {
        var traced = new JsonObject();
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in executors)
        {
            var entry = node?.DeepClone();
            if (entry is JsonObject own && own["container"] is null && own["image"] is JsonValue image && image.TryGetValue(out string? reference))
            {
                var placeholder = Placeholder(name);
                own["image"] = placeholder;
                images[placeholder] = reference;
            }
            traced[name] = entry;
        }
        return (traced, images);
    }

    /// <summary>Puts the images back where the trace wrote placeholders. Returns a placeholder without an image (the IR
    /// is then unusable), or null when every one was filled.</summary>
    public static string? FillImages(JsonNode node, IReadOnlyDictionary<string, string> images)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && Filled(value, images, out var image, out var missing))
                    {
                        if (missing is not null) return missing;
                        obj[key] = image;
                    }
                    else if (child is not null && FillImages(child, images) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    if (child is JsonValue value && Filled(value, images, out var image, out var missing))
                    {
                        if (missing is not null) return missing;
                        array[i] = image;
                    }
                    else if (child is not null && FillImages(child, images) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Filled(JsonValue value, IReadOnlyDictionary<string, string> images, out string? image, out string? missing)
    {
        image = missing = null;
        if (!value.TryGetValue(out string? text) || !text.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        if (!images.TryGetValue(text, out image)) missing = text;
        return true;
    }
}
