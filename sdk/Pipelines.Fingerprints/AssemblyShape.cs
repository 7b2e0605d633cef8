using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Pipelines.Fingerprints;

/// <summary>
/// An assembly split the way an edit inside method bodies splits it: the <see cref="Hash"/> of everything a walk
/// (<see cref="Reachability"/>) can read outside method bodies, and a hash per method body
/// (<see cref="WriteBody"/>). When the shape of every assembly is the same as in an earlier build and so is the body
/// of every method an earlier walk processed, that walk reads exactly the same bytes again and gives the same result:
/// this is what lets a build reuse that walk (<see cref="WalkRecord"/>).
/// </summary>
/// <remarks>
/// The shape covers the metadata tables and the #Strings and #Blob heaps byte for byte, except what moves when a body
/// changes size: the body addresses (MethodDef's RVA) and the initial-data addresses (FieldRVA's RVA), whose data is
/// hashed instead. It leaves out the #GUID heap (the module version id changes with every compilation and no walk reads
/// it) and the #US heap: a string literal is read only through the <c>ldstr</c> of a body, so each body carries the
/// strings it loads (a changed literal changes the bodies that load it, not the shape). Embedded resources are
/// part of the shape. Anything else a walk starts to read must be added here, or reuse goes stale.
/// </remarks>
internal static class AssemblyShape
{
    /// <summary>SHA-256 of the assembly minus its method bodies, its module version id and its user strings.</summary>
    public static string Hash(CodeAssembly assembly)
    {
        var reader = assembly.Reader;
        var metadata = assembly.Metadata.Span;
        using var hash = new CanonicalHash();
        for (var table = 0; table < MetadataTokens.TableCount; table++)
        {
            var index = (TableIndex)table;
            var rows = reader.GetTableRowCount(index);
            if (rows == 0) continue;
            var rowSize = reader.GetTableRowSize(index);
            var bytes = metadata.Slice(reader.GetTableMetadataOffset(index), rows * rowSize).ToArray();
            // The first column of both is an address in the image: it moves when any body before it changes size.
            if (index is TableIndex.MethodDef or TableIndex.FieldRva)
                for (var row = 0; row < rows; row++) bytes.AsSpan(row * rowSize, 4).Clear();
            hash.Write(table).Write(rowSize).Write(bytes);
        }
        foreach (var heap in (ReadOnlySpan<HeapIndex>)[HeapIndex.String, HeapIndex.Blob])
            hash.Write((int)heap).Write(metadata.Slice(reader.GetHeapMetadataOffset(heap), reader.GetHeapSize(heap)));
        foreach (var handle in reader.FieldDefinitions)
        {
            var field = reader.GetFieldDefinition(handle);
            if ((field.Attributes & System.Reflection.FieldAttributes.HasFieldRVA) != 0) hash.Write(MetadataTokens.GetRowNumber(handle)).Write(assembly.FieldData(field));
        }
        foreach (var handle in reader.ManifestResources)
        {
            var resource = reader.GetManifestResource(handle);
            if (resource.Implementation.IsNil) hash.Write(MetadataTokens.GetRowNumber(handle)).Write(assembly.ResourceData(resource));
        }
        return hash.Finish();
    }

    /// <summary>Writes one method's body as stored (header, IL, exception clauses) and the strings it loads; -1 for a
    /// method without a body.</summary>
    public static void WriteBody(CodeAssembly assembly, MethodDefinitionHandle handle, CanonicalHash hash)
    {
        var body = assembly.RawBody(assembly.Reader.GetMethodDefinition(handle), out var il);
        if (body is null)
        {
            hash.Write(-1);
            return;
        }
        var raw = body.Value.AsSpan();
        hash.Write(raw);
        var code = raw[il];
        var offset = 0;
        while (offset < code.Length && IlOpCodes.At(code, offset) is { } op)
        {
            offset += op.Size;
            var size = IlOpCodes.OperandLength(op, code, offset);
            if (size < 0) break; // not IL, and the raw bytes are written already
            if (op.OperandType == OperandType.InlineString && offset + 4 <= code.Length)
                hash.Write(UserStringBytes(assembly, BitConverter.ToInt32(code.Slice(offset, 4)) & 0xFFFFFF));
            offset += size;
        }
    }

    /// <summary>A user string as stored in the #US heap (its UTF-16 bytes and the trailing flag byte): what the walk
    /// decodes, without decoding it. Empty for an offset outside the heap (the walk fails on it anyway).</summary>
    private static ReadOnlySpan<byte> UserStringBytes(CodeAssembly assembly, int offset)
    {
        var reader = assembly.Reader;
        var heap = assembly.Metadata.Span.Slice(reader.GetHeapMetadataOffset(HeapIndex.UserString), reader.GetHeapSize(HeapIndex.UserString));
        if (offset >= heap.Length) return [];
        // ECMA-335 II.24.2.4: a compressed length of 1, 2 or 4 bytes, then that many bytes.
        int first = heap[offset], length, header;
        if ((first & 0x80) == 0) (length, header) = (first, 1);
        else if ((first & 0xC0) == 0x80 && offset + 1 < heap.Length) (length, header) = (((first & 0x3F) << 8) | heap[offset + 1], 2);
        else if ((first & 0xE0) == 0xC0 && offset + 3 < heap.Length) (length, header) = (((first & 0x1F) << 24) | (heap[offset + 1] << 16) | (heap[offset + 2] << 8) | heap[offset + 3], 4);
        else return [];
        return offset + header + length <= heap.Length ? heap.Slice(offset + header, length) : [];
    }
}
