using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Reports <c>[Component]</c> and <c>[Pipeline]</c> methods the generator cannot turn into KFP
/// components and pipelines (PIPE0001–PIPE0011, PIPE0023–PIPE0025). It applies the same rules the generator's
/// parsers use (<see cref="MethodRules"/>, <see cref="KfpTypeClassifier"/>, <see cref="KfpNaming"/>,
/// <see cref="DefaultValues"/>), so a method is either generated or reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ComponentShapeAnalyzer : DiagnosticAnalyzer
{
    private const string ReturnSupported =
        "a component may return void, Task, ValueTask, a value KFP can carry, Task<T>/ValueTask<T> of one, " +
        "or a tuple with named elements of such values, e.g. (double Accuracy, int Rows); values: " + KfpParameterTypes.SupportedValueTypes;

    private const string PipelineReturnSupported =
        "a [Pipeline] method may return void, Value<T> (T a value KFP can carry), ArtifactRef<T>, ArtifactListRef<T>, " +
        "or a tuple with named elements of those, e.g. (Value<double> Accuracy, ArtifactRef<Model> Model)";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var known = KnownSymbols.Create(start.Compilation);
            if (known.ComponentAttribute is null && known.PipelineAttribute is null) return;
            var analysis = new CompilationAnalysis(known);
            start.RegisterSymbolAction(analysis.AnalyzeMethod, SymbolKind.Method);
            // Local functions and lambdas are not symbols the symbol action sees.
            start.RegisterSyntaxNodeAction(analysis.AnalyzeFunction,
                SyntaxKind.LocalFunctionStatement, SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression);
            start.RegisterCompilationEndAction(analysis.ReportDuplicateNames);
            start.RegisterCompilationEndAction(analysis.ReportTakenTasksClassNames);
        });
    }

    /// <summary>Per-compilation state: known symbols and the KFP names seen so far (for PIPE0007).</summary>
    private sealed class CompilationAnalysis
    {
        private readonly KnownSymbols _known;
        private readonly KfpTypeClassifier _classifier;
        private readonly ConcurrentBag<NamedMethod> _names = new ConcurrentBag<NamedMethod>();
        private readonly ConcurrentBag<TasksClassUse> _tasksClasses = new ConcurrentBag<TasksClassUse>();

        public CompilationAnalysis(KnownSymbols known)
        {
            _known = known;
            _classifier = new KfpTypeClassifier(known);
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!MethodRules.IsCandidate(method))
            {
                ReportNotAMethod(method, context.ReportDiagnostic);
                return;
            }
            var isComponent = false;
            foreach (var attribute in method.GetAttributes())
            {
                isComponent |= KnownSymbols.Is(attribute.AttributeClass, _known.ComponentAttribute) || KnownSymbols.Is(attribute.AttributeClass, _known.ContainerComponentAttribute);
            }
            if (!isComponent)
            {
                foreach (var entry in TaskConfigPassthroughs.Read(method, _known))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidTaskConfigPassthrough, AttributeLocation(entry.Attribute, method), method.Name,
                        "[TaskConfigPassthrough] applies to [Component] methods only; this method is not one, so the attribute does nothing"));
                }
            }
            foreach (var attribute in method.GetAttributes())
            {
                if (KnownSymbols.Is(attribute.AttributeClass, _known.ComponentAttribute))
                    AnalyzeComponent(context, method, attribute);
                else if (KnownSymbols.Is(attribute.AttributeClass, _known.ContainerComponentAttribute))
                    AnalyzeComponent(context, method, attribute, container: true);
                else if (KnownSymbols.Is(attribute.AttributeClass, _known.PipelineAttribute))
                    AnalyzePipeline(context, method, attribute);
            }
        }

        public void AnalyzeFunction(SyntaxNodeAnalysisContext context)
        {
            var hasAttributes = context.Node is LocalFunctionStatementSyntax { AttributeLists.Count: > 0 } ||
                context.Node is AnonymousFunctionExpressionSyntax and LambdaExpressionSyntax { AttributeLists.Count: > 0 };
            if (!hasAttributes) return;
            var symbol = context.Node is LocalFunctionStatementSyntax local
                ? context.SemanticModel.GetDeclaredSymbol(local, context.CancellationToken)
                : context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol;
            if (symbol is IMethodSymbol method) ReportNotAMethod(method, context.ReportDiagnostic);
        }

        /// <summary>PIPE0023: [Component]/[Pipeline] on something the generated code cannot call by name.</summary>
        private void ReportNotAMethod(IMethodSymbol method, System.Action<Diagnostic> report)
        {
            var what = MethodRules.WhyNotCandidate(method);
            // A member of no named class: the class name is missing and the compiler already reports that.
            if (what is null || IsInImplicitType(method)) return;
            foreach (var attribute in method.GetAttributes())
            {
                var kind = KnownSymbols.Is(attribute.AttributeClass, _known.ComponentAttribute) ? "Component"
                    : KnownSymbols.Is(attribute.AttributeClass, _known.ContainerComponentAttribute) ? "ContainerComponent"
                    : KnownSymbols.Is(attribute.AttributeClass, _known.PipelineAttribute) ? "Pipeline"
                    : null;
                if (kind is null) continue;
                var location = attribute.ApplicationSyntaxReference is { } reference
                    ? Location.Create(reference.SyntaxTree, reference.Span)
                    : DiagnosticLocations.Of(method);
                report(Diagnostic.Create(DiagnosticDescriptors.NotAMethod, location, kind, what));
            }
        }

        private static bool IsInImplicitType(IMethodSymbol method)
        {
            for (var t = method.ContainingType; t is not null; t = t.ContainingType)
            {
                if (t.IsImplicitlyDeclared && !SyntaxFacts.IsValidIdentifier(t.Name)) return true;
            }
            return false;
        }

        /// <summary>
        /// PIPE0024: the generator declares <c>static partial class &lt;Class&gt;Tasks</c> in the namespace of each
        /// class with components or pipelines; a type of that name there that is not a partial class (or is sealed or
        /// abstract, which a static class cannot be) breaks the build.
        /// </summary>
        public void ReportTakenTasksClassNames(CompilationAnalysisContext context)
        {
            var groups = _tasksClasses.GroupBy(static u => (u.Namespace, u.ClassName));
            foreach (var group in groups)
            {
                var ns = group.First().NamespaceSymbol;
                var methods = group.Select(static u => "[" + u.Kind + "] '" + u.Method + "'").Distinct().OrderBy(static m => m, System.StringComparer.Ordinal).ToList();
                var users = methods.Count <= 2 ? string.Join(" and ", methods) : methods[0] + " and " + (methods.Count - 1) + " more";
                var qualified = (group.Key.Namespace.Length > 0 ? group.Key.Namespace + "." : "") + group.Key.ClassName;
                foreach (var type in ns.GetTypeMembers(group.Key.ClassName))
                {
                    if (type.Arity != 0) continue;
                    foreach (var reference in type.DeclaringSyntaxReferences)
                    {
                        var declaration = reference.GetSyntax(context.CancellationToken);
                        // Another part of the generated static class: partial, and neither sealed nor abstract (CS0441, CS0418).
                        if (declaration is ClassDeclarationSyntax @class && @class.Modifiers.Any(SyntaxKind.PartialKeyword) &&
                            !@class.Modifiers.Any(SyntaxKind.SealedKeyword) && !@class.Modifiers.Any(SyntaxKind.AbstractKeyword))
                        {
                            continue;
                        }
                        var location = declaration is BaseTypeDeclarationSyntax named ? named.Identifier.GetLocation()
                            : declaration is DelegateDeclarationSyntax @delegate ? @delegate.Identifier.GetLocation()
                            : declaration.GetLocation();
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TasksClassNameTaken, location, qualified, users));
                    }
                }
            }
        }

        public void ReportDuplicateNames(CompilationAnalysisContext context)
        {
            var groups = _names
                .GroupBy(static n => (n.Kind, n.Name))
                .Where(static g => g.Count() > 1);
            foreach (var group in groups)
            {
                var methods = group.OrderBy(static n => n.Method, System.StringComparer.Ordinal).ToList();
                foreach (var named in methods)
                {
                    var others = string.Join(", ", methods.Where(m => !ReferenceEquals(m, named)).Select(static m => "'" + m.Method + "'"));
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateName, named.Location,
                        named.Kind, named.Name, named.Method, others));
                }
            }
        }

        /// <param name="container">A [ContainerComponent]: the same parameter rules; it returns its ContainerSpec, not outputs
        /// (<see cref="ContainerComponentAnalyzer"/> checks the return type and body).</param>
        private void AnalyzeComponent(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, bool container = false)
        {
            var Kind = container ? "ContainerComponent" : "Component";
            AnalyzeMethodRules(context, method, attribute, Kind);

            var ioNames = new List<string>();
            var ioLocations = new List<Location>();
            var ioDisplay = new List<string>();
            var taskConfigs = new List<IParameterSymbol>();
            foreach (var parameter in method.Parameters)
            {
                var shape = _classifier.ClassifyComponentParameter(parameter);
                switch (shape.Kind)
                {
                    case ComponentParameterKind.TaskConfig:
                        taskConfigs.Add(parameter);
                        if (container)
                        {
                            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidTaskConfigPassthrough,
                                DiagnosticLocations.OfType(parameter, context.CancellationToken), method.Name,
                                "parameter '" + parameter.Name + "' is a TaskConfig, which only a [Component]'s own code can read; a [ContainerComponent] runs another program"));
                        }
                        break;
                    case ComponentParameterKind.ByRefOrPointer:
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ByRefParameter, DiagnosticLocations.Of(parameter), parameter.Name, Kind, method.Name));
                        continue;
                    case ComponentParameterKind.Unsupported:
                        if (!DiagnosticLocations.IsReportedElsewhere(parameter.Type))
                        {
                            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedParameterType,
                                DiagnosticLocations.OfType(parameter, context.CancellationToken), parameter.Name, method.Name, KfpTypeClassifier.Display(parameter.Type)));
                        }
                        continue;
                }
                if (shape.Kind == ComponentParameterKind.Parameter) AnalyzeComponentDefault(context, method, parameter, shape.Parameter!);
                ioNames.Add(KfpNaming.IoName(parameter.Name));
                ioLocations.Add(DiagnosticLocations.Of(parameter));
                ioDisplay.Add(parameter.Name);
            }

            AnalyzePassthroughs(context, method, taskConfigs, container);
            if (container)
            {
                AnalyzeIoNames(context, method, ioNames, ioLocations, ioDisplay, null, false);
                return;
            }
            var returnShape = _classifier.ClassifyReturn(method);
            if (returnShape.Kind == ReturnKind.Unsupported)
            {
                if (!DiagnosticLocations.IsReportedElsewhere(method.ReturnType))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedReturnType,
                        DiagnosticLocations.OfReturnType(method, context.CancellationToken), Kind, method.Name,
                        KfpTypeClassifier.Display(method.ReturnType), returnShape.Problem + "; " + ReturnSupported));
                }
            }
            else if (returnShape.Kind == ReturnKind.Tuple)
            {
                foreach (var element in returnShape.Elements)
                {
                    ioNames.Add(KfpNaming.IoName(element.Name));
                    ioLocations.Add(DiagnosticLocations.OfTupleElement(method, element.Name, context.CancellationToken));
                    ioDisplay.Add(element.Name);
                }
            }

            var singleReturnName = AnalyzeReturnOutputName(context, method, Kind, returnShape.Kind,
                returnShape.Kind == ReturnKind.Single ? returnShape.Elements[0].Name : null, returnShape.OutputAttribute);
            AnalyzeIoNames(context, method, ioNames, ioLocations, ioDisplay, singleReturnName, returnShape.OutputAttribute is not null);
        }

        /// <summary>PIPE0030: passthrough attributes KFP cannot take (or on a component whose code cannot read them);
        /// PIPE0031: passthroughs without a TaskConfig parameter to receive them, or the reverse.</summary>
        private void AnalyzePassthroughs(SymbolAnalysisContext context, IMethodSymbol method, List<IParameterSymbol> taskConfigs, bool container)
        {
            var entries = TaskConfigPassthroughs.Read(method, _known);
            var valid = 0;
            foreach (var entry in entries)
            {
                var problem = container
                    ? "[TaskConfigPassthrough] applies to [Component] methods, whose own code receives the TaskConfig; a [ContainerComponent] runs another program"
                    : entry.Problem;
                if (problem is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidTaskConfigPassthrough, AttributeLocation(entry.Attribute, method), method.Name, problem));
                }
                else if (entry.Model is not null)
                {
                    valid++;
                }
            }
            if (container) return;
            if (valid > 0 && taskConfigs.Count == 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnusedTaskConfigPassthrough, AttributeLocation(entries[0].Attribute, method), method.Name,
                    "passes task settings through but has no TaskConfig parameter to receive them; the fields listed without ApplyToTask = true are taken off the task's pod and reach nothing"));
            }
            else if (entries.Count == 0 && taskConfigs.Count > 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnusedTaskConfigPassthrough, DiagnosticLocations.Of(taskConfigs[0]), method.Name,
                    "takes TaskConfig '" + taskConfigs[0].Name + "' but lists no [TaskConfigPassthrough], so KFP passes it nothing (every field null); add [TaskConfigPassthrough(TaskConfigField.Resources)] and the like for the settings it should receive"));
            }
        }

        private static Location AttributeLocation(AttributeData attribute, IMethodSymbol method) =>
            attribute.ApplicationSyntaxReference is { } reference ? Location.Create(reference.SyntaxTree, reference.Span) : DiagnosticLocations.Of(method);

        private void AnalyzePipeline(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute)
        {
            const string Kind = "Pipeline";
            AnalyzeMethodRules(context, method, attribute, Kind);

            var returnShape = _classifier.ClassifyPipelineReturn(method);
            if (returnShape.Kind == ReturnKind.Unsupported && !DiagnosticLocations.IsReportedElsewhere(method.ReturnType))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedReturnType,
                    DiagnosticLocations.OfReturnType(method, context.CancellationToken), Kind, method.Name,
                    KfpTypeClassifier.Display(method.ReturnType), returnShape.Problem + "; " + PipelineReturnSupported));
            }

            var names = new List<string>();
            var locations = new List<Location>();
            var display = new List<string>();
            foreach (var parameter in method.Parameters)
            {
                var shape = _classifier.ClassifyPipelineParameter(parameter);
                switch (shape.Kind)
                {
                    case PipelineParameterKind.ByRefOrPointer:
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ByRefParameter, DiagnosticLocations.Of(parameter), parameter.Name, Kind, method.Name));
                        break;
                    case PipelineParameterKind.Unsupported:
                        if (!DiagnosticLocations.IsReportedElsewhere(parameter.Type))
                        {
                            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidPipelineParameter,
                                DiagnosticLocations.OfType(parameter, context.CancellationToken), parameter.Name, method.Name, KfpTypeClassifier.Display(parameter.Type)));
                        }
                        break;
                    case PipelineParameterKind.Artifact:
                        names.Add(KfpNaming.IoName(parameter.Name));
                        locations.Add(DiagnosticLocations.Of(parameter));
                        display.Add(parameter.Name);
                        break;
                    case PipelineParameterKind.Parameter:
                        if (PipelineParser.DefaultArgument(parameter, _known) is { } argument &&
                            !DefaultValues.TryFromAttribute(argument, shape.Parameter!, _classifier, out _, out var jsonProblem))
                        {
                            var valueType = ((INamedTypeSymbol)parameter.Type).TypeArguments[0];
                            var at = DiagnosticLocations.OfDefaultAttribute(parameter, _known, context.CancellationToken);
                            context.ReportDiagnostic(DefaultValues.IsJsonText(argument, shape.Parameter!)
                                ? Diagnostic.Create(DiagnosticDescriptors.InvalidDefaultJson, at, parameter.Name, method.Name, KfpTypeClassifier.Display(valueType), jsonProblem)
                                : Diagnostic.Create(DiagnosticDescriptors.InvalidDefaultValue, at, parameter.Name, KfpTypeClassifier.Display(valueType)));
                        }
                        names.Add(KfpNaming.IoName(parameter.Name));
                        locations.Add(DiagnosticLocations.Of(parameter));
                        display.Add(parameter.Name);
                        break;
                }
            }
            if (returnShape.Kind == ReturnKind.Tuple)
            {
                foreach (var element in returnShape.Elements)
                {
                    names.Add(KfpNaming.IoName(element.Name));
                    locations.Add(DiagnosticLocations.OfTupleElement(method, element.Name, context.CancellationToken));
                    display.Add(element.Name);
                }
            }
            var singleReturnName = AnalyzeReturnOutputName(context, method, Kind, returnShape.Kind,
                returnShape.Kind == ReturnKind.Single ? returnShape.Elements[0].Name : null, returnShape.OutputAttribute);
            AnalyzeIoNames(context, method, names, locations, display, singleReturnName, returnShape.OutputAttribute is not null);
        }

        /// <summary>PIPE0029 for <c>[Default]</c> on a component parameter C# can default, PIPE0028 for one that does not fit.</summary>
        private void AnalyzeComponentDefault(SymbolAnalysisContext context, IMethodSymbol method, IParameterSymbol parameter, ParameterTypeInfo info)
        {
            if (PipelineParser.DefaultArgument(parameter, _known) is not { } argument) return;
            var at = DiagnosticLocations.OfDefaultAttribute(parameter, _known, context.CancellationToken);
            if (!DefaultValues.AllowedOnComponent(info))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DefaultOnComponentScalar, at, parameter.Name, method.Name,
                    KfpTypeClassifier.Display(parameter.Type)));
                return;
            }
            if (!DefaultValues.TryFromAttribute(argument, info, _classifier, out _, out var problem))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidDefaultJson, at, parameter.Name, method.Name,
                    KfpTypeClassifier.Display(parameter.Type),
                    problem ?? "write it as JSON text such as \"[1, 2, 3]\", an array of constants, or null"));
            }
        }

        /// <summary>
        /// PIPE0027 for <c>[return: Output]</c> on a method without a single return value, PIPE0008 for an invalid name in it.
        /// Returns the single return value's output name (for PIPE0009), or null when there is none.
        /// </summary>
        private static string? AnalyzeReturnOutputName(SymbolAnalysisContext context, IMethodSymbol method, string kind, ReturnKind returnKind,
            string? singleName, AttributeData? attribute)
        {
            if (attribute is null) return returnKind == ReturnKind.Single ? singleName : null;
            var location = DiagnosticLocations.OfAttribute(attribute, method, context.CancellationToken);
            if (returnKind == ReturnKind.None || returnKind == ReturnKind.Tuple)
            {
                var what = returnKind == ReturnKind.Tuple ? "returns a tuple (each element is an output named after it)" : "returns no value";
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MisplacedOutputName, location, kind, method.Name, what));
                return null;
            }
            if (returnKind != ReturnKind.Single) return null;
            if (!KfpNaming.IsValidIoName(singleName!))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidName, location, singleName, "input/output",
                    "[return: Output(...)] must name the output with letters, digits and '_', starting with a letter or '_'"));
            }
            return singleName;
        }

        /// <summary>PIPE0001, PIPE0002, PIPE0003, PIPE0008 (the component/pipeline name) and name registration for PIPE0007.</summary>
        private void AnalyzeMethodRules(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, string kind)
        {
            var location = DiagnosticLocations.Of(method);
            foreach (var site in LoneSurrogates.Find(method, attribute, _known, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LoneSurrogate, site.Location, site.What,
                    ((int)site.Surrogate).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
            }
            var containingType = method.ContainingType;
            _tasksClasses.Add(new TasksClassUse(containingType.ContainingNamespace, TypeNames.Namespace(containingType),
                containingType.Name + "Tasks", kind, TypeNames.MethodDisplay(method)));
            if (!method.IsStatic)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MustBeStatic, location, kind, method.Name));
            if (MethodRules.IsGeneric(method))
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MustNotBeGeneric, location, kind, method.Name));
            if (MethodRules.FirstUnreachable(method) is { } offender)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MustBeReachable, location, kind, method.Name,
                    offender.Name, AccessibilityText(offender)));
            }

            var explicitName = KfpNaming.NamedString(attribute, "Name");
            var name = KfpNaming.ComponentOrPipelineName(method, attribute);
            if (!KfpNaming.IsValidComponentOrPipelineName(name))
            {
                var why = "use 1-128 lowercase letters, digits and '-', starting with a letter or digit" +
                    (explicitName is null ? $" (the name comes from the method name; set [{kind}(Name = \"...\")])" : "");
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidName,
                    explicitName is null ? location : DiagnosticLocations.OfNamedArgument(attribute, "Name", context.CancellationToken) ?? location,
                    name, kind.ToLowerInvariant(), why));
            }
            // Container components and components share one name space: both are KFP components.
            _names.Add(new NamedMethod(kind == "ContainerComponent" ? "Component" : kind, name, TypeNames.MethodDisplay(method), location));
        }

        /// <summary>PIPE0008 for input/output names, PIPE0009 for clashes (with each other, or with <paramref name="singleReturnName"/>,
        /// the output of a single return value, named by <c>[return: Output]</c> when <paramref name="returnNamedByAttribute"/>).</summary>
        private static void AnalyzeIoNames(SymbolAnalysisContext context, IMethodSymbol method, List<string> names, List<Location> locations, List<string> display,
            string? singleReturnName, bool returnNamedByAttribute)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (!KfpNaming.IsValidIoName(names[i]))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidName, locations[i], names[i], "input/output",
                        $"'{display[i]}' must map to letters, digits and '_', starting with a letter or '_'; rename it"));
                }
            }

            var collision = KfpNaming.FindCollision(names, singleReturnName);
            if (collision is null) return;
            var second = collision.Item2;
            var why = collision.Item1 >= 0
                ? $"is also the name of '{display[collision.Item1]}'"
                : returnNamedByAttribute
                    ? $"collides with the output '{singleReturnName}' that [return: Output] gives the return value"
                    : $"collides with the output '{KfpNames.ReturnOutput}' that KFP gives the return value";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InputOutputNameCollision, locations[second],
                display[second], method.Name, names[second], why));
        }

        private static string AccessibilityText(ISymbol symbol)
        {
            if (symbol is INamedTypeSymbol { IsFileLocal: true }) return "file-local";
            switch (symbol.DeclaredAccessibility)
            {
                case Accessibility.Private: return "private";
                case Accessibility.Protected: return "protected";
                case Accessibility.ProtectedAndInternal: return "private protected";
                default: return symbol.DeclaredAccessibility.ToString().ToLowerInvariant();
            }
        }
    }

    /// <summary>A method whose task factory goes into <c>&lt;Namespace&gt;.&lt;ClassName&gt;</c> (for PIPE0024).</summary>
    private sealed class TasksClassUse
    {
        public TasksClassUse(INamespaceSymbol namespaceSymbol, string @namespace, string className, string kind, string method)
        {
            NamespaceSymbol = namespaceSymbol;
            Namespace = @namespace;
            ClassName = className;
            Kind = kind;
            Method = method;
        }

        public INamespaceSymbol NamespaceSymbol { get; }
        public string Namespace { get; }
        public string ClassName { get; }
        public string Kind { get; }
        public string Method { get; }
    }

    private sealed class NamedMethod
    {
        public NamedMethod(string kind, string name, string method, Location location)
        {
            Kind = kind;
            Name = name;
            Method = method;
            Location = location;
        }

        public string Kind { get; }
        public string Name { get; }
        public string Method { get; }
        public Location Location { get; }
    }
}
