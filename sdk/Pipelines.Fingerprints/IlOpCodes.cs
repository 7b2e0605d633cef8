using System.Reflection;
using System.Reflection.Emit;

namespace Pipelines.Fingerprints;

/// <summary>
/// The IL opcode table (from <see cref="OpCodes"/>): how long each operand is and whether it is a
/// metadata token, a user string or a jump table, which is all a canonical reading of a method body needs.
/// </summary>
internal static class IlOpCodes
{
    private static readonly OpCode?[] OneByte = new OpCode?[256];
    private static readonly OpCode?[] TwoByte = new OpCode?[256];

    static IlOpCodes()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode code) continue;
            var value = unchecked((ushort)code.Value);
            if (code.Size == 1) OneByte[value & 0xFF] = code;
            else TwoByte[value & 0xFF] = code;
        }
    }

    /// <summary>The opcode at <paramref name="offset"/>, or null for bytes that are no opcode.</summary>
    public static OpCode? At(ReadOnlySpan<byte> il, int offset) =>
        il[offset] == 0xFE ? (offset + 1 < il.Length ? TwoByte[il[offset + 1]] : null) : OneByte[il[offset]];

    /// <summary>Operand bytes after the opcode (a switch's table counted separately).</summary>
    public static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4,
        _ => 4,
    };

    /// <summary>How many bytes follow the opcode that ends at <paramref name="offset"/>: its operand, or a switch's count
    /// and jump table; -1 when the bytes cannot be what they claim (a switch count past the end of the body).</summary>
    public static int OperandLength(OpCode op, ReadOnlySpan<byte> il, int offset)
    {
        if (op.OperandType != OperandType.InlineSwitch) return OperandSize(op.OperandType);
        if (offset + 4 > il.Length) return -1;
        var count = BitConverter.ToInt32(il.Slice(offset, 4));
        return count < 0 || count > (il.Length - offset - 4) / 4 ? -1 : 4 + 4 * count;
    }

    public static bool IsToken(OperandType type) => type is OperandType.InlineField or OperandType.InlineMethod
        or OperandType.InlineType or OperandType.InlineTok or OperandType.InlineSig;
}
