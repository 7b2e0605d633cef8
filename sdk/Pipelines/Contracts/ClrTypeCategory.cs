// Shared verbatim between the runtime library and the generator (netstandard2.0).
namespace Pipelines.Contracts;

/// <summary>What kind of C# type a <see cref="KfpParameterTypeRules{TType}"/> is looking at.</summary>
internal enum ClrTypeCategory
{
    Other,
    Class,
    Struct,
    Interface,
    Enum,
    Array,
}
