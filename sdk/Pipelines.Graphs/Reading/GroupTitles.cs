using System.Text.RegularExpressions;

namespace Pipelines.Graphs.Reading;

/// <summary>Readable titles for control-flow groups, from the IR's CEL conditions and iterators.</summary>
internal static partial class GroupTitles
{
    private const int MaxItemsText = 40;

    /// <summary><c>int(inputs.parameter_values['pipelinechannel--n']) &gt; 10</c> → <c>n &gt; 10</c>.</summary>
    public static string Condition(string cel)
    {
        var text = ParameterValue().Replace(cel, m => m.Groups["name"].Value);
        // Casts the SDK wraps around channels (int(...), double(...)) say nothing to a reader.
        string previous;
        do
        {
            previous = text;
            text = Cast().Replace(text, m => m.Groups["inner"].Value);
        } while (text != previous);
        return text;
    }

    /// <summary>Titles for the conditions of one <c>condition-branches-N</c>, in branch order. The SDK writes
    /// branch k as <c>!(c1) &amp;&amp; … &amp;&amp; !(c(k-1)) &amp;&amp; ck</c> and the else as the negations alone.</summary>
    public static IReadOnlyList<string> Branches(IReadOnlyList<string> conditions)
    {
        var own = new List<string>();
        var titles = new List<string>();
        foreach (var cel in conditions)
        {
            var rest = cel;
            bool isElse = false, recognised = true;
            for (var j = 0; j < own.Count; j++)
            {
                var negation = $"!({own[j]})";
                if (j == own.Count - 1 && rest == negation) { isElse = true; break; }
                if (!rest.StartsWith(negation + " && ", StringComparison.Ordinal)) { recognised = false; break; }
                rest = rest[(negation.Length + 4)..];
            }
            if (!recognised) rest = cel;
            own.Add(rest);
            titles.Add(isElse ? "else" : own.Count == 1 || !recognised ? $"if {Condition(rest)}" : $"else if {Condition(rest)}");
        }
        return titles;
    }

    /// <summary><c>for each item in [0.003, 0.01, …] (2 at a time)</c>.</summary>
    public static string Loop(string? rawItems, string? inputName, int parallelism)
    {
        var over = rawItems is not null ? Shorten(rawItems) : inputName is not null ? StripChannel(inputName) : "…";
        return parallelism > 0 ? $"for each item in {over} ({parallelism} at a time)" : $"for each item in {over}";
    }

    public static string StripChannel(string name) =>
        name.StartsWith("pipelinechannel--", StringComparison.Ordinal) ? name["pipelinechannel--".Length..] : name;

    private static string Shorten(string text)
    {
        text = Whitespace().Replace(text.Trim(), " ");
        if (text.Length <= MaxItemsText) return text;
        var cut = text.LastIndexOf(',', MaxItemsText - 2);
        var head = cut > 0 ? text[..cut] : text[..(MaxItemsText - 2)];
        return head + ", …" + (text.EndsWith(']') ? "]" : "");
    }

    [GeneratedRegex(@"inputs\.parameter_values\['(?:pipelinechannel--)?(?<name>[^']*)'\]")]
    private static partial Regex ParameterValue();

    [GeneratedRegex(@"\b(?:int|double|string|bool)\((?<inner>[A-Za-z0-9_.\-]+)\)")]
    private static partial Regex Cast();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
