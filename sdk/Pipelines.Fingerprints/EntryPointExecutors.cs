using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text.Json;

namespace Pipelines.Fingerprints;

/// <summary>
/// Finds each component's executor in the generated entry point (<c>Pipelines.Generated.PipelinesEntryPoint</c>):
/// its static initializer builds the registrations as <c>ComponentInfo.Parse("&lt;spec json&gt;")</c>
/// followed by a delegate to the executor (<c>ldftn Execute_…</c>), so the spec's name pairs with the
/// method that runs it. The executor is the component's root; the rest of the entry point (the other
/// components' executors, the pipeline registrations) is not part of it.
/// </summary>
internal static class EntryPointExecutors
{
    public const string TypeName = "Pipelines.Generated.PipelinesEntryPoint";

    /// <summary>Component name → (spec JSON, executor method). Read once per opened assembly: the trimming walk and every
    /// component's fingerprint ask.</summary>
    public static IReadOnlyDictionary<string, (string Spec, MethodDefinitionHandle Executor)> Find(CodeAssembly app) => app.Executors ??= Read(app);

    private static Dictionary<string, (string Spec, MethodDefinitionHandle Executor)> Read(CodeAssembly app)
    {
        var result = new Dictionary<string, (string, MethodDefinitionHandle)>(StringComparer.Ordinal);
        if (!app.TryFindType(TypeName, out var type)) return result;
        var reader = app.Reader;
        foreach (var methodHandle in reader.GetTypeDefinition(type).GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            if (reader.GetString(method.Name) != ".cctor") continue;
            var il = app.ILBytes(method, out _).AsSpan();
            string? pending = null;
            var offset = 0;
            while (offset < il.Length && IlOpCodes.At(il, offset) is { } op)
            {
                offset += op.Size;
                var size = IlOpCodes.OperandLength(op, il, offset);
                if (size < 0) break;
                var operand = size == 4 && offset + 4 <= il.Length ? BitConverter.ToInt32(il.Slice(offset, 4)) : 0;
                if (op == OpCodes.Ldstr)
                {
                    pending = reader.GetUserString(MetadataTokens.UserStringHandle(operand & 0xFFFFFF));
                }
                else if (op == OpCodes.Ldftn && pending is not null && MetadataTokens.EntityHandle(operand).Kind == HandleKind.MethodDefinition)
                {
                    if (ComponentName(pending) is { } name) result[name] = (pending, (MethodDefinitionHandle)MetadataTokens.EntityHandle(operand));
                    pending = null;
                }
                offset += size;
            }
        }
        return result;
    }

    private static string? ComponentName(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var name)
                   && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
