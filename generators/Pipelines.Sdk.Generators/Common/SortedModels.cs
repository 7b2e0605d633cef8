using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>Gathers parsed models into the one sorted array every later generator step works on.</summary>
internal static class SortedModels
{
    /// <summary>
    /// The models the parser produced (it returns null for what it skips), ordered by KFP name then
    /// method so generated files do not depend on declaration order, and compared by content so an
    /// edit that leaves the set unchanged stops the pipeline there.
    /// </summary>
    public static IncrementalValueProvider<ImmutableArray<T>> CollectSorted<T>(this IncrementalValuesProvider<T?> models,
        Func<T, string> kfpName, Func<T, string> methodDisplay) where T : class =>
        models
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .Collect()
            .Select((all, _) => all
                .OrderBy(kfpName, StringComparer.Ordinal)
                .ThenBy(methodDisplay, StringComparer.Ordinal)
                .ToImmutableArray())
            .WithComparer(ImmutableArrayComparer<T>.Instance);
}
