using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pipelines.Contracts;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Turns default values (a C# parameter default or a <c>[Default(x)]</c> argument) into KFP
/// <c>defaultValue</c> JSON and C# literals. Shared by the parsers and the analyzer.
/// </summary>
internal static class DefaultValues
{
    /// <summary>The C# default of a component parameter, or null when it has none.</summary>
    public static DefaultValue? FromParameter(IParameterSymbol parameter, ParameterTypeInfo info)
    {
        if (!parameter.HasExplicitDefaultValue) return null;
        var value = parameter.ExplicitDefaultValue;
        if (value is null) return NullDefault(info);
        return FromConstant(value, info.Scalar, info.ParameterType) ?? new DefaultValue(null, "default!");
    }

    /// <summary>Converts a <c>[Default(x)]</c> argument; false when it does not fit the parameter type.</summary>
    public static bool TryFromAttribute(TypedConstant constant, ParameterTypeInfo info, KfpTypeClassifier classifier, out DefaultValue? result) =>
        TryFromAttribute(constant, info, classifier, out result, out _);

    /// <summary>
    /// Converts a <c>[Default(x)]</c> argument; false when it does not fit the parameter type. A string on a LIST or
    /// STRUCT parameter is JSON (<see cref="JsonDefaults"/>): <paramref name="jsonProblem"/> then says what is wrong with it.
    /// The result's <c>CSharp</c> is empty: the executor reads such a default from its JSON.
    /// </summary>
    public static bool TryFromAttribute(TypedConstant constant, ParameterTypeInfo info, KfpTypeClassifier classifier, out DefaultValue? result,
        out string? jsonProblem)
    {
        result = null;
        jsonProblem = null;
        if (constant.Kind == TypedConstantKind.Error) return false;
        if (constant.IsNull)
        {
            result = NullDefault(info);
            return true;
        }
        if (IsJsonText(constant, info))
        {
            var normalized = JsonDefaults.Convert((string)constant.Value!, info, classifier, out jsonProblem);
            if (normalized is null) return false;
            result = normalized == "null" ? NullDefault(info) : new DefaultValue(normalized, "");
            return true;
        }
        var json = AttributeJson(constant, info, classifier);
        if (json is null) return false;
        result = new DefaultValue(json, "");
        return true;
    }

    /// <summary>
    /// Whether a component parameter may carry <c>[Default]</c>: only LIST and STRUCT ones, whose defaults C# cannot
    /// write as parameter defaults; every other type takes an ordinary C# default (PIPE0029).
    /// </summary>
    public static bool AllowedOnComponent(ParameterTypeInfo info) =>
        info.ParameterType == KfpParameterType.List || info.ParameterType == KfpParameterType.Struct;

    /// <summary>A string argument for a LIST or STRUCT parameter: JSON text, not a string value.</summary>
    public static bool IsJsonText(TypedConstant constant, ParameterTypeInfo info) =>
        constant.Kind == TypedConstantKind.Primitive && constant.Value is string &&
        (info.ParameterType == KfpParameterType.List || info.ParameterType == KfpParameterType.Struct);

    private static DefaultValue NullDefault(ParameterTypeInfo info) => new DefaultValue(null, info.IsNullable ? "null" : "default!");

    private static string? AttributeJson(TypedConstant constant, ParameterTypeInfo info, KfpTypeClassifier classifier)
    {
        if (constant.Kind == TypedConstantKind.Array)
        {
            if (info.ParameterType != KfpParameterType.List || ListElementType(info.Scalar) is not { } elementType) return null;
            if (classifier.ClassifyParameterType(elementType) is not { } elementInfo) return null;
            var sb = new StringBuilder("[");
            foreach (var element in constant.Values)
            {
                var elementJson = element.IsNull ? (elementInfo.IsNullable ? "null" : null) : AttributeJson(element, elementInfo, classifier);
                if (elementJson is null) return null;
                if (sb.Length > 1) sb.Append(',');
                sb.Append(elementJson);
            }
            return sb.Append(']').ToString();
        }

        if (constant.Value is null) return null;
        if (info.Scalar.TypeKind == TypeKind.Enum)
        {
            if (constant.Value is string name)
                return EnumMembers(info.Scalar).Any(f => f.Name == name) ? JsonObjectWriter.String(name) : null;
            if (constant.Type is null || !SymbolEqualityComparer.Default.Equals(constant.Type, info.Scalar)) return null;
        }
        else if (!Fits(constant.Value, info.ParameterType))
        {
            return null;
        }
        return FromConstant(constant.Value, info.Scalar, info.ParameterType)?.Json;
    }

    /// <summary>Does an attribute argument of this CLR type fit the KFP type? (Integers widen to doubles.)</summary>
    private static bool Fits(object value, string parameterType)
    {
        switch (parameterType)
        {
            case KfpParameterType.String: return value is string;
            case KfpParameterType.Boolean: return value is bool;
            case KfpParameterType.Integer: return IsIntegral(value);
            case KfpParameterType.Double: return IsIntegral(value) || value is double || value is float || value is decimal;
            default: return false;
        }
    }

    private static bool IsIntegral(object value) =>
        value is int || value is long || value is short || value is byte || value is sbyte || value is ushort || value is uint || value is ulong;

    /// <summary>A non-null constant as JSON and C#, or null when it does not fit.</summary>
    private static DefaultValue? FromConstant(object value, ITypeSymbol scalar, string parameterType)
    {
        if (scalar.TypeKind == TypeKind.Enum)
        {
            var enumType = TypeNames.FullyQualified(scalar);
            var member = EnumMembers(scalar).FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
            if (member is not null)
                return new DefaultValue(JsonObjectWriter.String(member.Name), enumType + "." + Identifiers.Escape(member.Name));
            var number = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "0";
            return new DefaultValue(JsonObjectWriter.String(number), "(" + enumType + ")(" + number + ")");
        }

        switch (parameterType)
        {
            case KfpParameterType.String when value is string s:
                return new DefaultValue(JsonObjectWriter.String(s), SymbolDisplay.FormatLiteral(s, quote: true));
            case KfpParameterType.Boolean when value is bool b:
                return new DefaultValue(b ? "true" : "false", b ? "true" : "false");
            case KfpParameterType.Integer when IsIntegral(value):
                var integer = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "0";
                return new DefaultValue(integer, integer + IntegerSuffix(scalar));
            case KfpParameterType.Double:
                return Number(value, scalar);
            default:
                return null;
        }
    }

    private static DefaultValue? Number(object value, ITypeSymbol scalar)
    {
        switch (scalar.SpecialType)
        {
            case SpecialType.System_Single:
                {
                    var f = Convert.ToSingle(value, CultureInfo.InvariantCulture);
                    if (float.IsNaN(f)) return new DefaultValue(null, "float.NaN");
                    if (float.IsInfinity(f)) return new DefaultValue(null, f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity");
                    var text = WithFraction(f.ToString("R", CultureInfo.InvariantCulture));
                    return new DefaultValue(text, text + "F");
                }
            case SpecialType.System_Decimal:
                {
                    var text = WithFraction(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                    return new DefaultValue(text, text + "M");
                }
            default:
                {
                    var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsNaN(d)) return new DefaultValue(null, "double.NaN");
                    if (double.IsInfinity(d)) return new DefaultValue(null, d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity");
                    var text = WithFraction(d.ToString("R", CultureInfo.InvariantCulture));
                    return new DefaultValue(text, text);
                }
        }
    }

    /// <summary>KFP's SDK writes doubles with a fractional part: <c>0</c> → <c>0.0</c>.</summary>
    private static string WithFraction(string number) =>
        number.IndexOf('.') >= 0 || number.IndexOf('E') >= 0 || number.IndexOf('e') >= 0 ? number : number + ".0";

    private static string IntegerSuffix(ITypeSymbol scalar)
    {
        switch (scalar.SpecialType)
        {
            case SpecialType.System_Int64: return "L";
            case SpecialType.System_UInt32: return "U";
            default: return "";
        }
    }

    private static System.Collections.Generic.IEnumerable<IFieldSymbol> EnumMembers(ITypeSymbol enumType) =>
        enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue);

    private static ITypeSymbol? ListElementType(ITypeSymbol list) => list switch
    {
        IArrayTypeSymbol array => array.ElementType,
        INamedTypeSymbol { TypeArguments.Length: 1 } named => named.TypeArguments[0],
        _ => null,
    };
}
