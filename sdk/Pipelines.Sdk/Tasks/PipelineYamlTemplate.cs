using Pipelines.Sdk.Manifest;
using Pipelines.Sdk.Yaml;

namespace Pipelines.Sdk.Tasks;

/// <summary>
/// A pipeline's YAML with a token where each component image goes, kept in obj/ with a key of everything else the YAML
/// is made from (the traced IR, the executors with placeholders, the version, the writer). A build whose only change is
/// image references (a component's body changed: the trace is reused) fills the tokens into the kept text instead of
/// parsing the traced IR and writing the YAML again, which at 500 components was most of the step.
/// </summary>
/// <remarks>Filling is plain text replacement, so it must give the bytes writing the YAML with the images gives: a token
/// is a whole scalar the writer puts down plain (<see cref="IrYaml.IsSafePlain"/>, never folded), and an image is filled in
/// only when the writer would put it down plain too (a registry host starting with a digit, <c>127.0.0.1:5000/…</c>, is
/// quoted: such builds write the YAML in full). A token left over, and the caller writes the YAML in full as well.
/// <c>PipelineYamlTemplateTests</c> compares both ways.</remarks>
internal static class PipelineYamlTemplate
{
    /// <summary>The token for a placeholder in the YAML made under <paramref name="key"/> (the key makes it unguessable, so
    /// never text of the pipeline's own).</summary>
    public static string Token(string key, string placeholder) => TokenPrefix(key) + OutputCache.Key(key, placeholder)[..TokenHashLength];

    private static string TokenPrefix(string key) => "pipelines-image-" + OutputCache.Key(key)[..12] + "-";

    /// <summary>placeholder → token, for every placeholder of this build.</summary>
    public static Dictionary<string, string> Tokens(string key, IReadOnlyDictionary<string, string> images) =>
        images.Keys.ToDictionary(p => p, p => Token(key, p), StringComparer.Ordinal);

    /// <summary>Whether <paramref name="image"/> is written as the same plain scalar a token is.</summary>
    public static bool IsPlain(string image) => IrYaml.IsSafePlain(image);

    /// <summary>The kept template made under <paramref name="key"/>, or null (none, another key, unreadable).</summary>
    public static string? Read(string file, string key)
    {
        try
        {
            if (!File.Exists(file)) return null;
            var text = File.ReadAllText(file);
            var header = KeyLine(key);
            return text.StartsWith(header, StringComparison.Ordinal) ? text[header.Length..] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Write(string file, string key, string template)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteAllTextIfChanged(file, KeyLine(key) + template);
    }

    /// <summary>The YAML with this build's images, or null when an image is not plain or a token has no image.</summary>
    public static string? Fill(string template, string key, IReadOnlyDictionary<string, string> images)
    {
        if (!images.Values.All(IsPlain)) return null;
        var byToken = Tokens(key, images).ToDictionary(t => t.Value, t => images[t.Key], StringComparer.Ordinal);
        // One pass over the text (a Replace per image was hundreds of passes over a large YAML).
        var prefix = TokenPrefix(key);
        var text = new System.Text.StringBuilder(template.Length);
        var at = 0;
        for (var next = template.IndexOf(prefix, StringComparison.Ordinal); next >= 0; next = template.IndexOf(prefix, at, StringComparison.Ordinal))
        {
            var end = next + prefix.Length + TokenHashLength;
            if (end > template.Length || !byToken.TryGetValue(template[next..end], out var image)) return null; // a token without an image
            text.Append(template, at, next - at).Append(image);
            at = end;
        }
        return text.Append(template, at, template.Length - at).ToString();
    }

    private const int TokenHashLength = 16;

    private static string KeyLine(string key) => "# template key " + key + "\n";
}
