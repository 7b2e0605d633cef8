using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipelines.Sdk.Yaml;

/// <summary>
/// Writes KFP IR (JSON documents) as YAML that KFP's Go backend (YAML 1.2) and Python SDK
/// (YAML 1.1) read the same way: keys sorted ordinally, numbers and booleans plain, and any
/// string that either parser could take for something else quoted. Output is byte-stable.
/// </summary>
internal static partial class IrYaml
{
    /// <summary>YAML text for one or more documents (KFP allows a PipelineSpec plus a PlatformSpec),
    /// preceded by <paramref name="headerComment"/> lines (without the leading '#').</summary>
    public static string Write(IReadOnlyList<JsonObject> documents, IEnumerable<string>? headerComment = null)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        foreach (var line in headerComment ?? [])
            text.Write(line.Length == 0 ? "#\n" : "# " + line + "\n");

        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false,
            maxSimpleKeyLength: 1024, skipAnchorName: false, indentSequences: false, newLine: "\n", useUtf16SurrogatePairs: false));
        emitter.Emit(new StreamStart());
        for (var i = 0; i < documents.Count; i++)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: i == 0));
            EmitNode(emitter, documents[i]);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void EmitNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    EmitString(emitter, key);
                    EmitNode(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) EmitNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        EmitString(emitter, value.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                        emitter.Emit(new Scalar(null, null, value.GetValueKind() == JsonValueKind.True ? "true" : "false", ScalarStyle.Plain, true, false));
                        break;
                    default:
                        emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                        break;
                }
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string s)
    {
        var style = IsSafePlain(s) ? ScalarStyle.Plain
            : s.Any(c => char.IsControl(c)) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.SingleQuoted;
        emitter.Emit(new Scalar(null, null, s, style, true, true));
    }

    /// <summary>True when a string reads back as the same string in YAML 1.1 and 1.2: an
    /// identifier-like word that is not a boolean, null or number in either version.</summary>
    internal static bool IsSafePlain(string s) =>
        s.Length > 0 && SafePlain().IsMatch(s) && !s.EndsWith(':') && !Reserved.Contains(s);

    // Starts with a letter, '_' or '/': so never a number, date, indicator or YAML 1.1 sexagesimal.
    [GeneratedRegex("^[A-Za-z_/][A-Za-z0-9_./:@+-]*$")]
    private static partial Regex SafePlain();

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
    };
}
