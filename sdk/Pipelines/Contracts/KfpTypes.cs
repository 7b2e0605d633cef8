using System.Reflection;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>KFP types of C# types at run time: <see cref="KfpParameterTypeRules{TType}"/> over reflection,
/// the rules the generator applies to components over Roslyn.</summary>
internal static class KfpTypes
{
    private static readonly ReflectionTypeRules Rules = new();

    /// <summary>The KFP parameter type of <paramref name="type"/>; null when KFP cannot carry it
    /// (the generator would reject it as a component parameter).</summary>
    public static string? ParameterType(Type type) => Rules.ParameterType(type);

    /// <summary>"'T', which KFP cannot carry (…)": the end of an error message about a type the rules reject.</summary>
    public static string NotCarried(Type type) =>
        $"'{type}', which KFP cannot carry as a parameter (strings, booleans, numbers, enums, lists, string-keyed dictionaries, records with public properties)";

    public static JsonObject Parameter(string parameterType) => new() { ["parameterType"] = parameterType };

    public static JsonObject ArtifactType(string schemaTitle, string schemaVersion = ArtifactSchemaAttribute.DefaultVersion) =>
        new() { ["schemaTitle"] = schemaTitle, ["schemaVersion"] = schemaVersion };

    /// <summary>The facts the shared rules need, read with reflection.</summary>
    private sealed class ReflectionTypeRules : KfpParameterTypeRules<Type>
    {
        private static readonly Assembly PipelinesAssembly = typeof(KfpTypes).Assembly;

        protected override string? DefinitionName(Type type) =>
            type.HasElementType || type.IsGenericParameter ? null
            : type.IsGenericType ? type.GetGenericTypeDefinition().FullName
            : type.FullName;

        protected override ClrTypeCategory Category(Type type) =>
            type.IsArray ? ClrTypeCategory.Array
            : type.IsPointer || type.IsByRef || type.IsGenericParameter ? ClrTypeCategory.Other
            : type.IsEnum ? ClrTypeCategory.Enum
            : type.IsInterface ? ClrTypeCategory.Interface
            : type.IsValueType ? ClrTypeCategory.Struct
            : typeof(Delegate).IsAssignableFrom(type) ? ClrTypeCategory.Other
            : type.IsClass ? ClrTypeCategory.Class
            : ClrTypeCategory.Other;

        protected override IReadOnlyList<Type> TypeArguments(Type type) =>
            type.IsConstructedGenericType ? type.GenericTypeArguments : [];

        protected override Type ArrayElement(Type type, out bool isVector)
        {
            isVector = type.IsSZArray;
            return type.GetElementType()!;
        }

        protected override bool CannotBeInstantiated(Type type) => type.IsAbstract || type.IsByRefLike;

        protected override bool IsOpen(Type type) => type.ContainsGenericParameters;

        protected override bool IsPipelinesLibraryType(Type type) => type.Assembly == PipelinesAssembly;

        protected override bool HasPublicReadableProperty(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Any(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true });
    }
}
