using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Pipelines.Fingerprints;

/// <summary>
/// One user assembly (the app or a helper library) opened for reading its metadata and IL. Types are
/// named <c>Namespace.Outer/Inner</c>, the form type references use, so a reference from another
/// assembly finds its definition here.
/// </summary>
internal sealed class CodeAssembly : IDisposable
{
    private readonly PEReader _pe;
    private readonly Dictionary<string, TypeDefinitionHandle> _types = new(StringComparer.Ordinal);
    // Keys are asked for again and again (by every fingerprint of a build, for every mention): computed once.
    private readonly Dictionary<TypeDefinitionHandle, string> _typeKeys = new();

    private CodeAssembly(string path, PEReader pe, MetadataReader reader)
    {
        Path = path;
        _pe = pe;
        Reader = reader;
        Name = reader.GetString(reader.GetAssemblyDefinition().Name);
        foreach (var handle in reader.TypeDefinitions) _types[TypeName(handle)] = handle;
    }

    public string Path { get; }
    public string Name { get; }
    public MetadataReader Reader { get; }

    /// <exception cref="BadImageFormatException">Not a .NET assembly.</exception>
    public static CodeAssembly Open(string path)
    {
        var pe = new PEReader(File.OpenRead(path));
        try
        {
            if (!pe.HasMetadata) throw new BadImageFormatException($"'{path}' has no .NET metadata.");
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly) throw new BadImageFormatException($"'{path}' is a module, not an assembly.");
            return new CodeAssembly(path, pe, reader);
        }
        catch
        {
            pe.Dispose();
            throw;
        }
    }

    public bool TryFindType(string fullName, out TypeDefinitionHandle handle) => _types.TryGetValue(fullName, out handle);

    public IEnumerable<TypeDefinitionHandle> Types => Reader.TypeDefinitions;

    /// <summary><c>Namespace.Outer/Inner</c>.</summary>
    public string TypeName(TypeDefinitionHandle handle)
    {
        var type = Reader.GetTypeDefinition(handle);
        var name = Reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil) return TypeName(declaring) + "/" + name;
        var ns = Reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>The key of a type across assemblies: <c>[Assembly]Namespace.Outer/Inner</c>, compiler-generated names
    /// without their ordinals (<see cref="StableName"/>).</summary>
    public string TypeKey(TypeDefinitionHandle handle)
    {
        if (!_typeKeys.TryGetValue(handle, out var key)) _typeKeys[handle] = key = $"[{Name}]{StableName(TypeName(handle))}";
        return key;
    }

    /// <summary><see cref="Reachability.MethodKey"/> of each method asked for: every walk of a build asks again.</summary>
    public Dictionary<MethodDefinitionHandle, string> MethodKeys { get; } = new();

    /// <summary>Every type with its name as attribute blobs spell it (<c>Namespace.Outer+Inner</c>), computed once.</summary>
    public IReadOnlyList<(TypeDefinitionHandle Handle, string SerializedName)> SerializedTypeNames =>
        _serializedNames ??= [.. Types.Select(t => (t, TypeName(t).Replace('/', '+')))];

    private List<(TypeDefinitionHandle, string)>? _serializedNames;

    /// <summary>Attribute blobs that could not be decoded → the user types (of any assembly of the walk) whose names they
    /// contain. Every walk of one build opens the same assemblies, so the answer holds for all of them.</summary>
    public Dictionary<BlobHandle, List<(CodeAssembly Assembly, TypeDefinitionHandle Type)>> TypesNamedInBlobs { get; } = new();

    /// <summary>What a walk that reaches this assembly's code adds for the assembly itself (its attributes, module
    /// initializer, resources): <see cref="Reachability"/> records it the first time, every later walk replays it.</summary>
    public Reachability.AssemblyTouch? Touch { get; set; }

    /// <summary>
    /// Compiler-generated names carry ordinals of their method in the type (<c>&lt;Run&gt;d__7</c>,
    /// <c>&lt;Run&gt;b__7_0</c>, <c>&lt;&gt;c__DisplayClass7_0</c>) that shift when another method is added
    /// above: keys use <c>#</c> instead. Two members whose keys then collide are both kept (their digests combine).
    /// </summary>
    public static string StableName(string name) => name.Contains('<') ? Ordinals.Replace(name, "#") : name;

    private static readonly System.Text.RegularExpressions.Regex Ordinals = new(@"(?<=>[^<>/]*__[A-Za-z]*)\d+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public ImmutableArray<byte> ILBytes(MethodDefinition method, out MethodBodyBlock? body)
    {
        body = null;
        if (method.RelativeVirtualAddress == 0) return [];
        body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        return body.GetILContent();
    }

    /// <summary>A method's body as stored (header, IL, exception clauses) and where its IL is in it; null without a body.</summary>
    public ImmutableArray<byte>? RawBody(MethodDefinition method, out Range il)
    {
        il = default;
        if (method.RelativeVirtualAddress == 0) return null;
        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        var raw = _pe.GetSectionData(method.RelativeVirtualAddress).GetContent(0, body.Size);
        // ECMA-335 II.25.4: a tiny header is one byte; a fat one gives its size in 4-byte units in the top bits of byte 2.
        var start = (raw[0] & 0x3) == 0x2 ? 1 : (raw[1] >> 4) * 4;
        il = start..(start + body.GetILReader().Length);
        return raw;
    }

    /// <summary><see cref="EntryPointExecutors.Find"/>'s answer for this assembly, once asked.</summary>
    public IReadOnlyDictionary<string, (string Spec, MethodDefinitionHandle Executor)>? Executors { get; set; }

    /// <summary><see cref="AssemblyShape.Hash"/>, computed once.</summary>
    public string Shape => _shape ??= AssemblyShape.Hash(this);

    private string? _shape;

    /// <summary>The metadata block (tables and heaps) as stored.</summary>
    public ReadOnlyMemory<byte> Metadata => _metadata ??= _pe.GetMetadata().GetContent().AsMemory();

    private ReadOnlyMemory<byte>? _metadata;

    /// <summary>The bytes of a field with initial data (array and span initializers): as many as its type's explicit
    /// size, or a primitive's.</summary>
    public byte[] FieldData(FieldDefinition field)
    {
        var rva = field.GetRelativeVirtualAddress();
        var size = FieldDataSize(field);
        if (rva == 0 || size <= 0) return [];
        var block = _pe.GetSectionData(rva);
        return block.Length < size ? block.GetContent().ToArray() : block.GetContent(0, size).ToArray();
    }

    private int FieldDataSize(FieldDefinition field)
    {
        var blob = Reader.GetBlobReader(field.Signature);
        blob.ReadSignatureHeader();
        switch (blob.ReadSignatureTypeCode())
        {
            case SignatureTypeCode.Boolean or SignatureTypeCode.SByte or SignatureTypeCode.Byte: return 1;
            case SignatureTypeCode.Char or SignatureTypeCode.Int16 or SignatureTypeCode.UInt16: return 2;
            case SignatureTypeCode.Int32 or SignatureTypeCode.UInt32 or SignatureTypeCode.Single: return 4;
            case SignatureTypeCode.Int64 or SignatureTypeCode.UInt64 or SignatureTypeCode.Double: return 8;
            case SignatureTypeCode.TypeHandle:
                {
                    var type = blob.ReadTypeHandle();
                    return type.Kind == HandleKind.TypeDefinition ? Reader.GetTypeDefinition((TypeDefinitionHandle)type).GetLayout().Size : 0;
                }
            default: return 0;
        }
    }

    /// <summary>An embedded resource's bytes (length-prefixed in the resources section).</summary>
    public byte[] ResourceData(ManifestResource resource)
    {
        var directory = _pe.PEHeaders.CorHeader?.ResourcesDirectory;
        if (directory is null || directory.Value.Size == 0) return [];
        var block = _pe.GetSectionData(directory.Value.RelativeVirtualAddress);
        var blob = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
        var length = blob.ReadInt32();
        return blob.ReadBytes(length);
    }

    public void Dispose() => _pe.Dispose();
}
