using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Reads a method's <c>[TaskConfigPassthrough]</c> attributes, in declaration order (the order KFP's compiler keeps).
/// The generator's parser and <see cref="ComponentShapeAnalyzer"/> share it: an attribute the parser cannot turn into
/// an entry (PIPE0030) is one the analyzer reports.
/// </summary>
internal static class TaskConfigPassthroughs
{
    /// <summary>KFP's <c>TaskConfigPassthroughType</c> names by the proto numbers <c>TaskConfigField</c> uses (0 is NONE).</summary>
    private static readonly string[] s_fields =
    {
        "NONE", "RESOURCES", "ENV", "KUBERNETES_AFFINITY", "KUBERNETES_TOLERATIONS", "KUBERNETES_NODE_SELECTOR", "KUBERNETES_VOLUMES",
    };

    /// <summary>One attribute as read: the entry, or why it is not one.</summary>
    public sealed class Entry
    {
        public Entry(AttributeData attribute, TaskConfigPassthroughModel? model, string? problem)
        {
            Attribute = attribute;
            Model = model;
            Problem = problem;
        }

        public AttributeData Attribute { get; }
        public TaskConfigPassthroughModel? Model { get; }
        /// <summary>Why the attribute is not a valid entry (PIPE0030), or null.</summary>
        public string? Problem { get; }
    }

    public static List<Entry> Read(IMethodSymbol method, KnownSymbols known)
    {
        var entries = new List<Entry>();
        if (known.TaskConfigPassthroughAttribute is null) return entries;
        var seen = new HashSet<string>();
        foreach (var attribute in method.GetAttributes())
        {
            if (!KnownSymbols.Is(attribute.AttributeClass, known.TaskConfigPassthroughAttribute)) continue;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int number)
            {
                // The compiler reports the malformed attribute itself.
                entries.Add(new Entry(attribute, null, null));
                continue;
            }
            if (number < 1 || number >= s_fields.Length)
            {
                entries.Add(new Entry(attribute, null, "(TaskConfigField)" + number + " is not a field KFP can pass through"));
                continue;
            }
            var field = s_fields[number];
            if (!seen.Add(field))
            {
                entries.Add(new Entry(attribute, null, field + " is listed twice; list each field once, with ApplyToTask = true if the task's own pod needs it too"));
                continue;
            }
            var apply = false;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "ApplyToTask" && named.Value.Value is bool b) apply = b;
            }
            entries.Add(new Entry(attribute, new TaskConfigPassthroughModel(field, apply), null));
        }
        return entries;
    }
}
