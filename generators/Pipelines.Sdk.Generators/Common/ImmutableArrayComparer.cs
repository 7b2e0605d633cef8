using System.Collections.Generic;
using System.Collections.Immutable;

namespace Pipelines.Sdk.Generators;

/// <summary>Element-wise equality for the collected (and sorted) models, so an unchanged set stops the pipeline.</summary>
internal sealed class ImmutableArrayComparer<T> : IEqualityComparer<ImmutableArray<T>>
{
    public static readonly ImmutableArrayComparer<T> Instance = new ImmutableArrayComparer<T>();

    public bool Equals(ImmutableArray<T> x, ImmutableArray<T> y)
    {
        if (x.IsDefault || y.IsDefault) return x.IsDefault == y.IsDefault;
        if (x.Length != y.Length) return false;
        for (var i = 0; i < x.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(x[i], y[i])) return false;
        }
        return true;
    }

    public int GetHashCode(ImmutableArray<T> obj)
    {
        if (obj.IsDefault) return 0;
        unchecked
        {
            var hash = 17;
            foreach (var item in obj) hash = (hash * 31) + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item));
            return hash;
        }
    }
}
