namespace Pipelines.Fingerprints;

/// <summary>
/// Framework calls that can find code by a name (a string) or enumerate an assembly's or a type's
/// members, so static reach says nothing about what they run: a component that makes one gets
/// every user assembly folded into its fingerprint.
/// </summary>
internal static class ReflectionByName
{
    private static readonly HashSet<string> TypeMembers = new(StringComparer.Ordinal)
    {
        "GetMethod", "GetMethods", "GetMember", "GetMembers", "InvokeMember", "GetNestedType", "GetNestedTypes",
        "GetTypeFromProgID", "GetTypeFromCLSID", "GetConstructor", "GetConstructors",
    };

    private static readonly HashSet<string> AssemblyMembers = new(StringComparer.Ordinal)
    {
        "Load", "LoadFrom", "LoadFile", "LoadWithPartialName", "UnsafeLoadFrom", "GetType", "GetTypes", "GetExportedTypes",
        "get_DefinedTypes", "get_ExportedTypes", "CreateInstance", "GetForwardedTypes",
    };

    private static readonly HashSet<string> TypeInfoMembers = new(StringComparer.Ordinal)
    {
        "get_DeclaredMethods", "get_DeclaredMembers", "get_DeclaredNestedTypes", "get_DeclaredConstructors", "GetDeclaredMethod", "GetDeclaredMethods", "GetDeclaredNestedType",
    };

    /// <param name="type">Canonical type name, <c>[Assembly]Namespace.Type</c>.</param>
    /// <param name="signature">Canonical method signature, parameters in parentheses.</param>
    public static bool Finds(string type, string name, string signature)
    {
        var close = type.IndexOf(']');
        var typeName = close >= 0 ? type[(close + 1)..] : type;
        var generic = typeName.IndexOf('<');
        if (generic >= 0) typeName = typeName[..generic];
        var firstIsString = signature.Contains("(String", StringComparison.Ordinal);
        return typeName switch
        {
            "System.Type" => name == "GetType" ? firstIsString : TypeMembers.Contains(name),
            "System.Reflection.TypeInfo" => TypeMembers.Contains(name) || TypeInfoMembers.Contains(name),
            "System.Reflection.Assembly" or "System.Reflection.Module" => AssemblyMembers.Contains(name),
            "System.Activator" => name is "CreateInstanceFrom" || (name == "CreateInstance" && firstIsString),
            "System.AppDomain" => name.StartsWith("CreateInstance", StringComparison.Ordinal) || name is "Load" or "ExecuteAssembly" or "ExecuteAssemblyByName",
            "System.Runtime.Loader.AssemblyLoadContext" => name.StartsWith("LoadFrom", StringComparison.Ordinal),
            "System.Reflection.RuntimeReflectionExtensions" => name is "GetRuntimeMethod" or "GetRuntimeMethods",
            "System.Delegate" => name == "CreateDelegate" && signature.Contains(",String", StringComparison.Ordinal),
            _ => false,
        };
    }
}
