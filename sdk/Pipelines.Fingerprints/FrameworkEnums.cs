using System.Reflection.Metadata;

namespace Pipelines.Fingerprints;

/// <summary>
/// Underlying types of framework enums that attributes commonly take (<c>[DebuggerBrowsable(DebuggerBrowsableState.Never)]</c>
/// on generated members, <c>[EditorBrowsable]</c>, <c>[StructLayout]</c>…). An attribute blob stores an enum argument in its
/// underlying type's size, so decoding it needs that type; framework assemblies are not read here. Without an entry, decoding
/// fails and the walk falls back to hashing the raw blob (sound, but slow when it happens on hundreds of members).
/// Every enum listed is declared <c>: int</c> (the default) in the framework.
/// </summary>
internal static class FrameworkEnums
{
    private static readonly HashSet<string> Int32Enums = new(StringComparer.Ordinal)
    {
        "System.AttributeTargets",
        "System.ComponentModel.EditorBrowsableState",
        "System.Diagnostics.DebuggableAttribute/DebuggingModes",
        "System.Diagnostics.DebuggerBrowsableState",
        "System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes",
        "System.Runtime.CompilerServices.MethodImplOptions",
        "System.Runtime.CompilerServices.MethodCodeType",
        "System.Runtime.InteropServices.CallingConvention",
        "System.Runtime.InteropServices.CharSet",
        "System.Runtime.InteropServices.LayoutKind",
        "System.Text.Json.Serialization.JsonIgnoreCondition",
        "System.Text.Json.Serialization.JsonNumberHandling",
    };

    /// <summary>The framework assemblies these enums live in (or are forwarded through).</summary>
    private static readonly HashSet<string> FrameworkAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "System.Runtime", "System.Private.CoreLib", "mscorlib", "netstandard", "System.ComponentModel.Primitives",
        "System.Diagnostics.Debug", "System.Runtime.InteropServices", "System.Text.Json",
    };

    /// <summary>The underlying type of <paramref name="typeName"/> (<c>Namespace.Outer/Inner</c>) in framework assembly
    /// <paramref name="assembly"/>, when it is one listed here.</summary>
    public static PrimitiveTypeCode? UnderlyingType(string assembly, string typeName) =>
        FrameworkAssemblies.Contains(assembly) && Int32Enums.Contains(typeName) ? PrimitiveTypeCode.Int32 : null;
}
