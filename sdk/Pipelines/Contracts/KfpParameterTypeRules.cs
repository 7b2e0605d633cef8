// Shared verbatim between the runtime library and the generator (netstandard2.0): keep it
// free of newer BCL APIs.
using System.Collections.Generic;

namespace Pipelines.Contracts;

/// <summary>
/// The one statement of which C# types travel as which KFP parameter type. The generator reads
/// types with Roslyn and the runtime with reflection; each supplies the facts below about its
/// own type model and these rules decide, so a component's spec and a traced pipeline never
/// type the same C# value differently.
/// </summary>
/// <typeparam name="TType">The type model: <c>System.Type</c> or Roslyn's <c>ITypeSymbol</c>.</typeparam>
internal abstract class KfpParameterTypeRules<TType> where TType : class
{
    private const int MaxDepth = 8;

    private static readonly Dictionary<string, string> s_named = new Dictionary<string, string>
    {
        ["System.String"] = KfpParameterType.String,
        ["System.Boolean"] = KfpParameterType.Boolean,
        ["System.Int32"] = KfpParameterType.Integer,
        ["System.Int64"] = KfpParameterType.Integer,
        ["System.Int16"] = KfpParameterType.Integer,
        ["System.Byte"] = KfpParameterType.Integer,
        ["System.SByte"] = KfpParameterType.Integer,
        ["System.UInt16"] = KfpParameterType.Integer,
        ["System.UInt32"] = KfpParameterType.Integer,
        ["System.Double"] = KfpParameterType.Double,
        ["System.Single"] = KfpParameterType.Double,
        ["System.Decimal"] = KfpParameterType.Double,
        // What the generator gives imported KFP components' LIST and STRUCT inputs and outputs.
        ["System.Text.Json.Nodes.JsonArray"] = KfpParameterType.List,
        ["System.Text.Json.Nodes.JsonObject"] = KfpParameterType.Struct,
    };

    private static readonly HashSet<string> s_lists = new HashSet<string>
    {
        "System.Collections.Generic.List`1",
        "System.Collections.Generic.IList`1",
        "System.Collections.Generic.ICollection`1",
        "System.Collections.Generic.IEnumerable`1",
        "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.IReadOnlyCollection`1",
    };

    private static readonly HashSet<string> s_dictionaries = new HashSet<string>
    {
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2",
    };

    private const string NullableName = "System.Nullable`1";

    /// <summary>The KFP parameter type of <paramref name="type"/> (Nullable&lt;T&gt; counts as T), or null when KFP cannot carry it.</summary>
    public string? ParameterType(TType type)
    {
        var inner = NullableUnderlying(type);
        return Classify(inner ?? type, depth: 0);
    }

    /// <summary>T of a <c>Nullable&lt;T&gt;</c>; null for any other type.</summary>
    public TType? NullableUnderlying(TType type)
    {
        if (DefinitionName(type) != NullableName) return null;
        var arguments = TypeArguments(type);
        return arguments.Count == 1 ? arguments[0] : null;
    }

    /// <summary>Namespace-qualified metadata name of the type, or of its generic definition
    /// (<c>System.Collections.Generic.List`1</c>; nested types joined with '+'); null for arrays,
    /// pointers and type parameters.</summary>
    protected abstract string? DefinitionName(TType type);

    protected abstract ClrTypeCategory Category(TType type);

    /// <summary>The type arguments of a constructed generic type; empty otherwise.</summary>
    protected abstract IReadOnlyList<TType> TypeArguments(TType type);

    /// <summary>The element of an array, and whether it is a vector (one dimension, zero-based).</summary>
    protected abstract TType ArrayElement(TType type, out bool isVector);

    /// <summary>Abstract or static (nothing to construct), or a ref struct (cannot be boxed).</summary>
    protected abstract bool CannotBeInstantiated(TType type);

    /// <summary>A type argument somewhere is still a type parameter or does not resolve.</summary>
    protected abstract bool IsOpen(TType type);

    /// <summary>Defined by the Pipelines library itself (artifacts, builders): never a value.</summary>
    protected abstract bool IsPipelinesLibraryType(TType type);

    /// <summary>Has a public instance property with a public getter, its own or inherited.</summary>
    protected abstract bool HasPublicReadableProperty(TType type);

    private string? Classify(TType type, int depth)
    {
        if (depth > MaxDepth) return null;
        var name = DefinitionName(type);
        if (name is not null && s_named.TryGetValue(name, out var named)) return named;

        var category = Category(type);
        if (category == ClrTypeCategory.Enum) return KfpParameterType.String;
        if (category == ClrTypeCategory.Array)
        {
            var element = ArrayElement(type, out var isVector);
            if (!isVector || DefinitionName(element) == "System.Byte") return null;
            return Element(element, depth) is null ? null : KfpParameterType.List;
        }
        if (name is null) return null;

        var arguments = TypeArguments(type);
        if (arguments.Count == 1 && s_lists.Contains(name))
            return Element(arguments[0], depth) is null ? null : KfpParameterType.List;
        if (arguments.Count == 2 && s_dictionaries.Contains(name))
            return DefinitionName(arguments[0]) == "System.String" && Element(arguments[1], depth) is not null ? KfpParameterType.Struct : null;

        return IsRecordLike(type, name, category) ? KfpParameterType.Struct : null;
    }

    /// <summary>An element of a LIST or a value of a STRUCT map: any supported type, nullable or not.</summary>
    private string? Element(TType element, int depth) => Classify(NullableUnderlying(element) ?? element, depth + 1);

    /// <summary>A user record, class or struct, serialised as a JSON object (STRUCT).</summary>
    private bool IsRecordLike(TType type, string name, ClrTypeCategory category) =>
        (category == ClrTypeCategory.Class || category == ClrTypeCategory.Struct) &&
        !name.StartsWith("System.", System.StringComparison.Ordinal) &&
        !CannotBeInstantiated(type) && !IsOpen(type) && !IsPipelinesLibraryType(type) &&
        HasPublicReadableProperty(type);
}
