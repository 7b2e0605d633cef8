using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators
{
    /// <summary>KFP names of components, pipelines and their inputs/outputs (rules in <see cref="KfpNames"/>).</summary>
    internal static class KfpNaming
    {
        /// <summary><c>[Component(Name = ...)]</c>/<c>[Pipeline(Name = ...)]</c>, or the method name in kebab-case.</summary>
        public static string ComponentOrPipelineName(IMethodSymbol method, AttributeData attribute) =>
            NamedString(attribute, "Name") ?? KfpNames.ToKebabCase(method.Name);

        /// <summary>A string named argument of an attribute, or null when absent or null.</summary>
        public static string? NamedString(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Kind == TypedConstantKind.Primitive && argument.Value.Value is string value)
                    return value;
            }
            return null;
        }

        /// <summary>Input/output name of a C# parameter or tuple element: <c>fillValue</c> → <c>fill_value</c>.</summary>
        public static string IoName(string csharpName) => KfpNames.ToSnakeCase(csharpName);

        public static bool IsValidComponentOrPipelineName(string name) => KfpNames.PipelineName.IsMatch(name);

        public static bool IsValidIoName(string name) => KfpNames.IoName.IsMatch(name);

        /// <summary>
        /// The first pair of inputs/outputs whose KFP names clash: two equal names, or (when the
        /// component returns a single value, which KFP names <c>Output</c>) a name that is
        /// <c>Output</c> apart from case. Returns null when all names are distinct.
        /// <c>Item1</c> is -1 when the clash is with the reserved return name.
        /// </summary>
        public static Tuple<int, int>? FindCollision(IReadOnlyList<string> names, bool hasSingleReturn)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++)
            {
                if (hasSingleReturn && string.Equals(names[i], KfpNames.ReturnOutput, StringComparison.OrdinalIgnoreCase))
                    return Tuple.Create(-1, i);
                if (seen.TryGetValue(names[i], out int first)) return Tuple.Create(first, i);
                seen[names[i]] = i;
            }
            return null;
        }
    }
}
