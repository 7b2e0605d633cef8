using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Pipelines.Fingerprints;

/// <summary>
/// Decodes signatures and attribute values into canonical names (<c>[Assembly]Namespace.Type</c>,
/// <c>!0</c>/<c>!!0</c> for generic parameters) instead of metadata tokens, which shift with
/// unrelated edits. Every type it names is reported to <see cref="Reachability"/> (when given), so
/// a type that appears only in a signature, a generic argument or an attribute is still reached.
/// </summary>
internal sealed class SignatureNames(Reachability? reach, Func<MetadataReader, CodeAssembly> assemblyOf)
    : ISignatureTypeProvider<string, object?>, ICustomAttributeTypeProvider<string>
{
    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var assembly = assemblyOf(reader);
        reach?.MentionType(assembly, handle);
        return assembly.TypeKey(handle);
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var (assemblyName, typeName) = ReferencedType(reader, handle);
        if (assemblyName is null) assemblyName = assemblyOf(reader).Name;
        reach?.MentionTypeByName(assemblyName, typeName);
        return $"[{assemblyName}]{CodeAssembly.StableName(typeName)}";
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{shape.Rank}]";
    public string GetByReferenceType(string elementType) => elementType + "&";
    public string GetPointerType(string elementType) => elementType + "*";
    public string GetPinnedType(string elementType) => elementType + " pinned";
    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
    public string GetFunctionPointerType(MethodSignature<string> signature) => "method " + Method(signature);
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => $"{unmodifiedType} {(isRequired ? "modreq" : "modopt")}({modifier})";

    // Attribute values: types appear by serialized name ("Ns.Type, Assembly, ...").
    public string GetSystemType() => "[System.Runtime]System.Type";
    public bool IsSystemType(string type) => type.EndsWith("]System.Type", StringComparison.Ordinal);

    public string GetTypeFromSerializedName(string name)
    {
        var comma = name.IndexOf(',');
        var typeName = (comma < 0 ? name : name[..comma]).Trim().Replace('+', '/');
        var assemblyName = comma < 0 ? null : name[(comma + 1)..].Split(',')[0].Trim();
        if (assemblyName is not null) reach?.MentionTypeByName(assemblyName, typeName);
        else reach?.MentionTypeInAnyAssembly(typeName);
        return $"[{assemblyName}]{CodeAssembly.StableName(typeName)}";
    }

    /// <exception cref="BadImageFormatException">An enum of another assembly: its size is unknown here (the caller falls back).</exception>
    public PrimitiveTypeCode GetUnderlyingEnumType(string type) =>
        reach?.UnderlyingEnumType(type) ?? throw new BadImageFormatException($"Unknown enum {type}.");

    public static string Method(MethodSignature<string> signature) =>
        $"{signature.Header.CallingConvention}{(signature.Header.IsInstance ? " instance" : "")}{(signature.GenericParameterCount > 0 ? "`" + signature.GenericParameterCount : "")} " +
        $"{signature.ReturnType}({string.Join(",", signature.ParameterTypes)})";

    /// <summary>The assembly (null: this one) and <c>Namespace.Outer/Inner</c> name a type reference points to.</summary>
    public static (string? Assembly, string Type) ReferencedType(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        var scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            var (assembly, outer) = ReferencedType(reader, (TypeReferenceHandle)scope);
            return (assembly, outer + "/" + name);
        }
        var ns = reader.GetString(reference.Namespace);
        var full = ns.Length == 0 ? name : ns + "." + name;
        return scope.Kind == HandleKind.AssemblyReference
            ? (reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), full)
            : (null, full);
    }
}
