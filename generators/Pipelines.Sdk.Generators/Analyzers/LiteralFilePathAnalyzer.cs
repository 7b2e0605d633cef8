using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0013: a <c>[Component]</c> body passes a path that starts with a literal to
/// <c>File.*</c>, <c>Directory.*</c>, the <c>FileStream</c>/<c>StreamReader</c>/<c>StreamWriter</c>/
/// <c>FileInfo</c>/<c>DirectoryInfo</c> constructors, or as the root of <c>Path.Combine</c>/<c>Path.Join</c>/
/// <c>Path.GetFullPath</c>. Paths that start from a value (<c>Input&lt;T&gt;.Path</c>,
/// <c>Output&lt;T&gt;.Path</c>, <c>AppContext.BaseDirectory</c>, <c>Path.GetTempPath()</c>, a
/// parameter) are fine, and so are the container's own system folders (<c>/proc/</c>, <c>/tmp/</c>...).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LiteralFilePathAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Absolute paths that exist in every Linux container and are not project files.</summary>
    private static readonly string[] s_containerPaths = { "/proc/", "/sys/", "/dev/", "/etc/", "/tmp/" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.LiteralFilePath);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ComponentBodies.Create(start.Compilation) is not { } bodies) return;
            var symbols = new FileSymbols(start.Compilation);
            if (symbols.File is null) return;
            start.RegisterOperationBlockStartAction(block =>
            {
                if (bodies.Classify(block.OwningSymbol) != BodyKind.Component) return;
                var component = block.OwningSymbol.Name;
                block.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, component), OperationKind.Invocation);
                block.RegisterOperationAction(c => AnalyzeCreation(c, symbols, component), OperationKind.ObjectCreation);
            });
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, FileSymbols symbols, string component)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var type = invocation.TargetMethod.ContainingType;
        if (KnownSymbols.Is(type, symbols.File) || KnownSymbols.Is(type, symbols.Directory))
        {
            AnalyzePathArguments(context, invocation.Arguments, component);
        }
        else if (KnownSymbols.Is(type, symbols.Path) && IsPathRootMethod(invocation.TargetMethod.Name))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0 } && FirstElement(argument) is { } root) Check(context, root, component);
            }
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, FileSymbols symbols, string component)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is { } constructor && symbols.IsFileType(constructor.ContainingType))
            AnalyzePathArguments(context, creation.Arguments, component);
    }

    private static void AnalyzePathArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, string component)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Type: { SpecialType: SpecialType.System_String } } parameter && IsPathParameter(parameter.Name))
                Check(context, argument.Value, component);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value, string component)
    {
        var literal = LeadingLiteral(ComponentBodies.WithoutConversions(value), out var whole);
        if (literal is null || literal.Trim().Length == 0 || IsContainerPath(literal)) return;
        context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.LiteralFilePath, value.Syntax.GetLocation(),
            component, whole ? literal : literal + "..."));
    }

    /// <summary>The literal text a string value starts with: a constant, the first text of an interpolation, the left of a concatenation.</summary>
    private static string? LeadingLiteral(IOperation value, out bool whole)
    {
        whole = true;
        for (var depth = 0; depth < 16; depth++)
        {
            if (value.ConstantValue is { HasValue: true, Value: string constant }) return constant;
            switch (value)
            {
                case IInterpolatedStringOperation interpolated:
                    whole = false;
                    return interpolated.Parts.Length > 0 && interpolated.Parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } }
                        ? text
                        : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                    whole = false;
                    value = ComponentBodies.WithoutConversions(concatenation.LeftOperand);
                    continue;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>The first path of <c>Path.Combine(params string[])</c> or <c>params ReadOnlySpan&lt;string&gt;</c>, or the argument itself.</summary>
    private static IOperation? FirstElement(IArgumentOperation argument)
    {
        if (argument.ArgumentKind == ArgumentKind.Explicit || argument.ArgumentKind == ArgumentKind.DefaultValue) return argument.Value;
        switch (argument.Value)
        {
            case IArrayCreationOperation { Initializer: { ElementValues.Length: > 0 } initializer }:
                return initializer.ElementValues[0];
            case ICollectionExpressionOperation { Elements.Length: > 0 } collection:
                return collection.Elements[0];
            default:
                return null;
        }
    }

    private static bool IsPathRootMethod(string name) => name == "Combine" || name == "Join" || name == "GetFullPath";

    /// <summary>The path parameters of System.IO: path, sourceFileName, destFileName, sourceDirName, fileName...</summary>
    private static bool IsPathParameter(string name) =>
        name.EndsWith("path", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith("FileName", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith("DirName", StringComparison.OrdinalIgnoreCase);

    private static bool IsContainerPath(string path)
    {
        foreach (var prefix in s_containerPaths)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private sealed class FileSymbols
    {
        private readonly INamedTypeSymbol?[] _fileTypes;

        public FileSymbols(Compilation compilation)
        {
            File = compilation.GetTypeByMetadataName("System.IO.File");
            Directory = compilation.GetTypeByMetadataName("System.IO.Directory");
            Path = compilation.GetTypeByMetadataName("System.IO.Path");
            _fileTypes = new[]
            {
                compilation.GetTypeByMetadataName("System.IO.FileStream"),
                compilation.GetTypeByMetadataName("System.IO.StreamReader"),
                compilation.GetTypeByMetadataName("System.IO.StreamWriter"),
                compilation.GetTypeByMetadataName("System.IO.FileInfo"),
                compilation.GetTypeByMetadataName("System.IO.DirectoryInfo"),
            };
        }

        public INamedTypeSymbol? File { get; }
        public INamedTypeSymbol? Directory { get; }
        public INamedTypeSymbol? Path { get; }

        public bool IsFileType(INamedTypeSymbol type)
        {
            foreach (var fileType in _fileTypes)
            {
                if (KnownSymbols.Is(type, fileType)) return true;
            }
            return false;
        }
    }
}
