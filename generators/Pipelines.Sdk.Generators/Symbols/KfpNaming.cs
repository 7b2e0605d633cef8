using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

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

    /// <summary>
    /// The property of a return value's output on the generated outputs class: a tuple element's name as written,
    /// <c>Output</c> for an unnamed single value, and for <c>[return: Output("best_model")]</c> the name in
    /// PascalCase (<c>BestModel</c>), as imported components' outputs are.
    /// </summary>
    public static string ReturnPropertyName(string elementName, bool isTuple, bool namedByAttribute) =>
        isTuple || !namedByAttribute ? elementName : ImportedComponentParser.PascalCase(elementName);

    public static bool IsValidComponentOrPipelineName(string name) => KfpNames.PipelineName.IsMatch(name);

    public static bool IsValidIoName(string name) => KfpNames.IoName.IsMatch(name);

    /// <summary>
    /// The first pair of inputs/outputs whose KFP names clash: two equal names, or (when the
    /// method returns a single value, whose output is <paramref name="singleReturnName"/>: <c>Output</c>
    /// unless <c>[return: Output]</c> names it) a name equal to it apart from case (the generated
    /// property names would clash). Returns null when all names are distinct.
    /// <c>Item1</c> is -1 when the clash is with the return value's name.
    /// </summary>
    public static Tuple<int, int>? FindCollision(IReadOnlyList<string> names, string? singleReturnName)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (singleReturnName is not null && string.Equals(names[i], singleReturnName, StringComparison.OrdinalIgnoreCase))
                return Tuple.Create(-1, i);
            if (seen.TryGetValue(names[i], out var first)) return Tuple.Create(first, i);
            seen[names[i]] = i;
        }
        return null;
    }
}
