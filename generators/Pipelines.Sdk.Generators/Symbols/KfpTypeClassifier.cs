using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// The one place that decides which C# types KFP can carry and how. The generator's parsers
    /// and the shape analyzer both call it, so what the analyzer accepts is exactly what the
    /// generator emits.
    /// </summary>
    internal sealed partial class KfpTypeClassifier
    {
        private readonly KnownSymbols _known;

        public KfpTypeClassifier(KnownSymbols known) => _known = known;

        /// <summary>A component parameter: input parameter, input or output artifact, or unsupported.</summary>
        public ComponentParameterShape ClassifyComponentParameter(IParameterSymbol parameter)
        {
            if (parameter.RefKind != RefKind.None || IsPointer(parameter.Type))
                return new ComponentParameterShape(ComponentParameterKind.ByRefOrPointer);

            ITypeSymbol type = parameter.Type;
            if (KnownSymbols.Is(type.OriginalDefinition, _known.PipelineTaskFinalStatus))
                return new ComponentParameterShape(ComponentParameterKind.TaskFinalStatus);
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
            {
                var definition = named.OriginalDefinition;
                if (KnownSymbols.Is(definition, _known.InputList))
                {
                    ITypeSymbol listed = named.TypeArguments[0];
                    string? listTitle = SchemaTitle(listed);
                    return listTitle is null
                        ? new ComponentParameterShape(ComponentParameterKind.Unsupported)
                        : new ComponentParameterShape(ComponentParameterKind.InputArtifactList, ArtifactType: listed, SchemaTitle: listTitle,
                            IsNullable: type.NullableAnnotation == NullableAnnotation.Annotated);
                }
                bool isInput = KnownSymbols.Is(definition, _known.Input);
                if (isInput || KnownSymbols.Is(definition, _known.Output))
                {
                    ITypeSymbol artifact = named.TypeArguments[0];
                    string? title = SchemaTitle(artifact);
                    if (title is null) return new ComponentParameterShape(ComponentParameterKind.Unsupported);
                    return new ComponentParameterShape(
                        isInput ? ComponentParameterKind.InputArtifact : ComponentParameterKind.OutputArtifact,
                        ArtifactType: artifact,
                        SchemaTitle: title,
                        IsNullable: type.NullableAnnotation == NullableAnnotation.Annotated);
                }
            }

            var info = ClassifyParameterType(type);
            return info is null
                ? new ComponentParameterShape(ComponentParameterKind.Unsupported)
                : new ComponentParameterShape(ComponentParameterKind.Parameter, Parameter: info, IsNullable: info.IsNullable);
        }

        /// <summary>A pipeline method parameter: the builder, a <c>Param&lt;T&gt;</c>, or unsupported.</summary>
        public PipelineParameterShape ClassifyPipelineParameter(IParameterSymbol parameter)
        {
            if (parameter.RefKind != RefKind.None || IsPointer(parameter.Type))
                return new PipelineParameterShape(PipelineParameterKind.ByRefOrPointer);
            if (KnownSymbols.Is(parameter.Type, _known.PipelineBuilder))
                return new PipelineParameterShape(PipelineParameterKind.Builder);
            if (parameter.Type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
                KnownSymbols.Is(named.OriginalDefinition, _known.Param) &&
                ClassifyParameterType(named.TypeArguments[0]) is { } info)
            {
                return new PipelineParameterShape(PipelineParameterKind.Parameter, info);
            }
            if (PipelineArtifactParameter(parameter) is { } artifact)
                return artifact;
            return new PipelineParameterShape(PipelineParameterKind.Unsupported);
        }

        /// <summary>A component return type: void/Task/ValueTask, one value, or a named tuple (optionally awaited).</summary>
        public ReturnShape ClassifyReturn(IMethodSymbol method)
        {
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
                return ReturnShape.Unsupported("ref returns cannot be carried");
            if (method.ReturnsVoid)
                return new ReturnShape(ReturnKind.None, false, ImmutableArray<ReturnElement>.Empty);

            ITypeSymbol type = method.ReturnType;
            bool awaitable = false;
            if (KnownSymbols.Is(type, _known.Task) || KnownSymbols.Is(type, _known.ValueTask))
                return new ReturnShape(ReturnKind.None, true, ImmutableArray<ReturnElement>.Empty);
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task &&
                (KnownSymbols.Is(task.OriginalDefinition, _known.TaskOfT) || KnownSymbols.Is(task.OriginalDefinition, _known.ValueTaskOfT)))
            {
                awaitable = true;
                type = task.TypeArguments[0];
            }

            if (type is INamedTypeSymbol { IsTupleType: true } tuple)
            {
                var elements = ImmutableArray.CreateBuilder<ReturnElement>();
                foreach (IFieldSymbol field in tuple.TupleElements)
                {
                    if (!field.IsExplicitlyNamedTupleElement)
                        return ReturnShape.Unsupported($"tuple element '{field.Name}' has no name; name every element, e.g. (double Accuracy, int Rows)");
                    var elementInfo = ClassifyParameterType(field.Type);
                    if (elementInfo is null)
                        return ReturnShape.Unsupported($"tuple element '{field.Name}' has type '{Display(field.Type)}'");
                    elements.Add(new ReturnElement(field.Name, field.Type, elementInfo));
                }
                return new ReturnShape(ReturnKind.Tuple, awaitable, elements.ToImmutable());
            }

            var info = ClassifyParameterType(type);
            if (info is null)
                return ReturnShape.Unsupported($"'{Display(type)}' is not a type KFP can carry");
            return new ReturnShape(ReturnKind.Single, awaitable, ImmutableArray.Create(new ReturnElement(KfpNames.ReturnOutput, type, info)));
        }

        /// <summary>How a plain C# value type travels as a KFP parameter, or null when it cannot.</summary>
        public ParameterTypeInfo? ClassifyParameterType(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                var inner = nullable.TypeArguments[0];
                string? innerType = ParameterType(inner, depth: 0);
                return innerType is null ? null : new ParameterTypeInfo(innerType, true, inner);
            }
            string? parameterType = ParameterType(type, depth: 0);
            if (parameterType is null) return null;
            bool isNullable = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
            return new ParameterTypeInfo(parameterType, isNullable, type);
        }

        /// <summary>KFP schema title of an artifact class: its own, or its nearest known base's.</summary>
        public string? SchemaTitle(ITypeSymbol artifact)
        {
            if (_known.Artifact is null || artifact.TypeKind == TypeKind.Error) return null;
            for (ITypeSymbol? t = artifact; t is not null; t = t.BaseType)
            {
                if (t is INamedTypeSymbol named && _known.ArtifactSchemaTitles.TryGetValue(named, out string? title)) return title;
            }
            return null;
        }

        private string? ParameterType(ITypeSymbol type, int depth)
        {
            if (depth > 8) return null;
            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return KfpParameterTypes.String;
                case SpecialType.System_Boolean:
                    return KfpParameterTypes.Boolean;
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                case SpecialType.System_Int16:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_UInt16:
                case SpecialType.System_UInt32:
                    return KfpParameterTypes.Integer;
                case SpecialType.System_Double:
                case SpecialType.System_Single:
                case SpecialType.System_Decimal:
                    return KfpParameterTypes.Double;
            }

            if (type.TypeKind == TypeKind.Enum) return KfpParameterTypes.String;

            if (type is IArrayTypeSymbol array)
            {
                if (!array.IsSZArray || array.ElementType.SpecialType == SpecialType.System_Byte) return null;
                return ElementType(array.ElementType, depth) is null ? null : KfpParameterTypes.List;
            }

            if (type is not INamedTypeSymbol named) return null;

            if (named.IsGenericType)
            {
                var definition = named.OriginalDefinition;
                if (named.TypeArguments.Length == 1 && IsListLike(definition))
                    return ElementType(named.TypeArguments[0], depth) is null ? null : KfpParameterTypes.List;
                if (named.TypeArguments.Length == 2 &&
                    (KnownSymbols.Is(definition, _known.Dictionary) || KnownSymbols.Is(definition, _known.IDictionary) || KnownSymbols.Is(definition, _known.IReadOnlyDictionary)))
                {
                    return named.TypeArguments[0].SpecialType == SpecialType.System_String && ElementType(named.TypeArguments[1], depth) is not null
                        ? KfpParameterTypes.Struct
                        : null;
                }
            }

            return IsStructLike(named) ? KfpParameterTypes.Struct : null;
        }

        /// <summary>An element of a LIST or a value of a STRUCT map: any supported type, nullable or not.</summary>
        private string? ElementType(ITypeSymbol element, int depth)
        {
            if (element is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                element = nullable.TypeArguments[0];
            return ParameterType(element, depth + 1);
        }

        private bool IsListLike(INamedTypeSymbol definition)
        {
            switch (definition.SpecialType)
            {
                case SpecialType.System_Collections_Generic_IEnumerable_T:
                case SpecialType.System_Collections_Generic_IList_T:
                case SpecialType.System_Collections_Generic_ICollection_T:
                case SpecialType.System_Collections_Generic_IReadOnlyList_T:
                case SpecialType.System_Collections_Generic_IReadOnlyCollection_T:
                    return true;
            }
            return KnownSymbols.Is(definition, _known.List);
        }

        /// <summary>A user record/class/struct serialised as a JSON object (STRUCT).</summary>
        private bool IsStructLike(INamedTypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Class && type.TypeKind != TypeKind.Struct) return false;
            if (type.SpecialType != SpecialType.None || type.IsAbstract || type.IsStatic || type.IsTupleType) return false;
            if (type.IsRefLikeType || type.IsUnboundGenericType) return false;
            if (type.TypeArguments.Any(a => a.TypeKind == TypeKind.TypeParameter || a.TypeKind == TypeKind.Error)) return false;
            if (IsInSystemNamespace(type)) return false;
            if (_known.PipelinesAssembly is { } pipelines && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, pipelines)) return false;

            for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: { DeclaredAccessibility: Accessibility.Public } })
                        return true;
                }
            }
            return false;
        }

        private static bool IsInSystemNamespace(ITypeSymbol type)
        {
            INamespaceSymbol? ns = type.ContainingNamespace;
            if (ns is null || ns.IsGlobalNamespace) return false;
            while (!ns.ContainingNamespace.IsGlobalNamespace) ns = ns.ContainingNamespace;
            return ns.Name == "System";
        }

        private static bool IsPointer(ITypeSymbol type) => type.TypeKind == TypeKind.Pointer || type.TypeKind == TypeKind.FunctionPointer;

        /// <summary>A type as diagnostics show it (<c>List&lt;object&gt;</c>).</summary>
        public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }
}
