using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Pipelines.Sdk.Manifest;

/// <summary>
/// Reads the component and pipeline specs the generator embedded as
/// <c>[assembly: AssemblyMetadata(key, json)]</c>, straight from the PE metadata: no user code
/// is loaded into the build process. The keys are <c>Pipelines.Contracts.ManifestKeys</c>.
/// </summary>
internal static class AssemblyManifest
{
    /// <summary>All <c>AssemblyMetadata</c> values with <paramref name="key"/>, in declaration order.</summary>
    public static List<string> Read(string assemblyPath, string key)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) throw new BadImageFormatException($"'{assemblyPath}' has no .NET metadata.");
        var reader = pe.GetMetadataReader();
        var values = new List<string>();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (!IsAssemblyMetadataAttribute(reader, attribute.Constructor)) continue;
            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1) continue; // custom attribute prolog
            if (blob.ReadSerializedString() == key && blob.ReadSerializedString() is { } value)
                values.Add(value);
        }
        return values;
    }

    private static bool IsAssemblyMetadataAttribute(MetadataReader reader, EntityHandle constructor)
    {
        EntityHandle type;
        if (constructor.Kind == HandleKind.MemberReference)
            type = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        else if (constructor.Kind == HandleKind.MethodDefinition)
            type = reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType();
        else
            return false;

        return type.Kind switch
        {
            HandleKind.TypeReference => reader.GetTypeReference((TypeReferenceHandle)type) is var t &&
                reader.StringComparer.Equals(t.Name, "AssemblyMetadataAttribute") && reader.StringComparer.Equals(t.Namespace, "System.Reflection"),
            HandleKind.TypeDefinition => reader.GetTypeDefinition((TypeDefinitionHandle)type) is var d &&
                reader.StringComparer.Equals(d.Name, "AssemblyMetadataAttribute") && reader.StringComparer.Equals(d.Namespace, "System.Reflection"),
            _ => false,
        };
    }
}
