using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Pipelines.Contracts;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Evaluates the body of a <c>[ContainerComponent]</c> method at compile time: the
/// <c>return new ContainerSpec(image, command, args)</c> it ends with becomes the executor's
/// <c>container</c>, each input or output the expression uses becomes KFP's placeholder for it,
/// and <c>ContainerArg.IfPresent</c>/<c>ContainerArg.Concat</c> become KFP's JSON forms
/// (<c>{"IfPresent": {"InputName": ..., "Then": [...], "Else": [...]}}</c>, <c>{"Concat": [...]}</c>),
/// written as KFP's Python compiler writes them.
/// </summary>
/// <remarks>
/// It reads the bound tree (<see cref="IOperation"/>), so conversions, named and default arguments,
/// collection expressions and constants are what the C# compiler decided. Anything it cannot turn
/// into a placeholder (a method call, a local, a field that is not const) is a problem
/// (PIPE0043–PIPE0047), which <see cref="ContainerComponentAnalyzer"/> reports and for which the
/// generator writes nothing: the two share this class, so they agree.
/// </remarks>
internal sealed class ContainerSpecEvaluator
{
    private readonly KnownSymbols _known;
    private readonly IMethodSymbol _method;
    private readonly IReadOnlyDictionary<IParameterSymbol, ContainerIo> _io;
    private readonly List<ContainerProblem> _problems = new List<ContainerProblem>();

    private ContainerSpecEvaluator(KnownSymbols known, IMethodSymbol method, IReadOnlyDictionary<IParameterSymbol, ContainerIo> io)
    {
        _known = known;
        _method = method;
        _io = io;
    }

    /// <summary>The container JSON (compact, sorted keys) or the problems that prevent it.</summary>
    public static ContainerEvaluation Evaluate(KnownSymbols known, IMethodSymbol method, MethodDeclarationSyntax syntax,
        SemanticModel model, IReadOnlyDictionary<IParameterSymbol, ContainerIo> io, CancellationToken cancellationToken)
    {
        var evaluator = new ContainerSpecEvaluator(known, method, io);
        var json = evaluator.EvaluateBody(syntax, model, cancellationToken);
        return new ContainerEvaluation(evaluator._problems.Count == 0 ? json : null, evaluator._problems);
    }

    private string Name => _method.Name;

    private string? EvaluateBody(MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
    {
        var returned = syntax.ExpressionBody?.Expression;
        if (returned is null && syntax.Body is { } body)
        {
            returned = body.Statements.Count == 1 && body.Statements[0] is ReturnStatementSyntax ret ? ret.Expression : null;
        }
        if (returned is null)
        {
            Problem(ContainerDiagnosticDescriptors.BodyNotEvaluable, syntax.Identifier.GetLocation(), Name,
                "its body must be a single 'return new ContainerSpec(...)' (or '=> new ContainerSpec(...)'), which the compiler evaluates; build lists and strings inside that expression");
            return null;
        }
        var operation = Unwrap(model.GetOperation(returned, cancellationToken));
        if (!(operation is IObjectCreationOperation creation) || !KnownSymbols.Is(creation.Type, _known.ContainerSpec))
        {
            Problem(ContainerDiagnosticDescriptors.BodyNotEvaluable, returned.GetLocation(), Name,
                "it must return 'new ContainerSpec(...)' itself, not a value computed elsewhere, so the compiler can read the image, command and args");
            return null;
        }

        string? image = null;
        var command = new List<string>();
        var args = new List<string>();
        foreach (var argument in creation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "image":
                    image = Image(argument.Value);
                    break;
                case "command":
                    Elements(argument.Value, command);
                    break;
                case "args":
                    Elements(argument.Value, args);
                    break;
            }
        }
        if (image is null) return null;

        var container = new JsonObjectWriter().AddString("image", image);
        if (command.Count > 0) container.AddRaw("command", "[" + string.Join(",", command.Select(JsonObjectWriter.String)) + "]");
        if (args.Count > 0) container.AddRaw("args", "[" + string.Join(",", args.Select(JsonObjectWriter.String)) + "]");
        return container.ToString();
    }

    private string? Image(IOperation value)
    {
        if (value.ConstantValue.HasValue && value.ConstantValue.Value is string text && text.Trim().Length > 0 && LoneSurrogates.In(text) is null) return text;
        var why = value.ConstantValue.HasValue && value.ConstantValue.Value is string constant && LoneSurrogates.In(constant) is not null
            ? "it contains a lone UTF-16 surrogate, which the UTF-8 YAML cannot carry"
            : value.ConstantValue.HasValue
            ? "it is empty"
            : "it is computed when the program runs; KFP needs it in the YAML, so use a literal or a const string (e.g. \"alpine:3.20\", or $\"{Registry}/tool:{Version}\" of consts)";
        Problem(ContainerDiagnosticDescriptors.ImageNotConstant, value.Syntax.GetLocation(), Name, value.Syntax.ToString(), why);
        return null;
    }

    /// <summary>The items of a <c>ContainerArg[]</c> argument, each as the string the container holds.</summary>
    private void Elements(IOperation value, List<string> into)
    {
        var items = Items(value);
        if (items is null) return;
        foreach (var item in items)
        {
            var element = EvaluateElement(item);
            if (element is null) continue;
            into.Add(element.Text ?? element.Structure!);
        }
    }

    /// <summary>The elements of an array or collection expression; null (reported) when it is neither.</summary>
    private List<IOperation>? Items(IOperation value)
    {
        var operation = Unwrap(value)!;
        if (operation.ConstantValue.HasValue && operation.ConstantValue.Value is null) return new List<IOperation>();
        if (operation is IArrayCreationOperation { Initializer: { } initializer }) return initializer.ElementValues.ToList();
        if (operation is ICollectionExpressionOperation collection)
        {
            var result = new List<IOperation>();
            foreach (var element in collection.Elements)
            {
                if (element is ISpreadOperation)
                {
                    Problem(ContainerDiagnosticDescriptors.ArgumentNotEvaluable, element.Syntax.GetLocation(), Name, element.Syntax.ToString(),
                        "a spread ('..') is computed when the program runs; list the elements");
                }
                else
                {
                    result.Add(element);
                }
            }
            return result;
        }
        Problem(ContainerDiagnosticDescriptors.ArgumentNotEvaluable, value.Syntax.GetLocation(), Name, value.Syntax.ToString(),
            "write the command and args in place, as a collection expression [\"a\", b] or an array new ContainerArg[] { ... }");
        return null;
    }

    /// <summary>One command-line element: text (with placeholders) or an IfPresent/Concat structure.</summary>
    private Element? EvaluateElement(IOperation operation)
    {
        var inner = Unwrap(operation)!;
        if (inner is IInvocationOperation invocation && KnownSymbols.Is(invocation.TargetMethod.ContainingType, _known.ContainerArg))
        {
            switch (invocation.TargetMethod.Name)
            {
                case "IfPresent": return IfPresent(invocation);
                case "Concat": return Concat(invocation);
            }
        }
        var text = Text(operation);
        return text is null ? null : new Element(text, null, false);
    }

    private Element? IfPresent(IInvocationOperation invocation)
    {
        string? inputName = null;
        var list = false;
        string? then = null;
        string? @else = null;
        var ok = true;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "input":
                    inputName = TestedInput(argument.Value);
                    ok &= inputName is not null;
                    break;
                case "then":
                case "else":
                    var isList = argument.Parameter!.Type is IArrayTypeSymbol;
                    list |= isList;
                    var value = Unwrap(argument.Value)!;
                    // A missing else (or null) is no Else, as KFP leaves it out when it is empty.
                    if (argument.Parameter.Name == "else" && (argument.ArgumentKind == ArgumentKind.DefaultValue || (value.ConstantValue.HasValue && value.ConstantValue.Value is null)))
                        break;
                    var part = isList ? NestedList(argument.Value) : Nested(argument.Value);
                    ok &= part is not null;
                    if (argument.Parameter.Name == "then") then = part;
                    else if (part != "[]") @else = part;
                    break;
            }
        }
        if (!ok) return null;
        var body = new List<KeyValuePair<string, string>>
        {
            new KeyValuePair<string, string>("InputName", PythonJson.String(inputName!)),
            new KeyValuePair<string, string>("Then", then!),
        };
        if (@else is not null) body.Add(new KeyValuePair<string, string>("Else", @else));
        var structure = PythonJson.Object(new[] { new KeyValuePair<string, string>("IfPresent", PythonJson.Object(body)) });
        return new Element(null, structure, list);
    }

    private Element? Concat(IInvocationOperation invocation)
    {
        var parts = new List<string>();
        var ok = true;
        foreach (var argument in invocation.Arguments)
        {
            var items = Items(argument.Value);
            if (items is null) return null;
            foreach (var item in items)
            {
                var element = EvaluateElement(item);
                if (element is null) { ok = false; continue; }
                if (element.IsListIfPresent)
                {
                    // KFP: "Cannot use IfPresentPlaceholder within ConcatPlaceholder when `then` and `else_` arguments are lists".
                    Problem(ContainerDiagnosticDescriptors.ListIfPresentInConcat, item.Syntax.GetLocation(), Name, item.Syntax.ToString());
                    ok = false;
                    continue;
                }
                parts.Add(element.Text is not null ? PythonJson.String(element.Text) : element.Structure!);
            }
        }
        if (!ok) return null;
        return new Element(null, PythonJson.Object(new[] { new KeyValuePair<string, string>("Concat", PythonJson.Array(parts)) }), false);
    }

    /// <summary>A nested element as JSON (a string, or an IfPresent/Concat object); a list IfPresent may not nest in a single slot.</summary>
    private string? Nested(IOperation value)
    {
        var element = EvaluateElement(value);
        if (element is null) return null;
        if (element.IsListIfPresent)
        {
            Problem(ContainerDiagnosticDescriptors.ListIfPresentInConcat, value.Syntax.GetLocation(), Name, value.Syntax.ToString());
            return null;
        }
        return element.Text is not null ? PythonJson.String(element.Text) : element.Structure;
    }

    private string? NestedList(IOperation value)
    {
        var items = Items(value);
        if (items is null) return null;
        var parts = new List<string>();
        var ok = true;
        foreach (var item in items)
        {
            var element = EvaluateElement(item);
            if (element is null) { ok = false; continue; }
            parts.Add(element.Text is not null ? PythonJson.String(element.Text) : element.Structure!);
        }
        return ok ? PythonJson.Array(parts) : null;
    }

    /// <summary>The KFP name of the input an IfPresent tests: a parameter of this component that is an input.</summary>
    private string? TestedInput(IOperation value)
    {
        var operation = Unwrap(value)!;
        if (operation is IParameterReferenceOperation reference && _io.TryGetValue(reference.Parameter, out var io))
        {
            if (io.Kind == ContainerIoKind.InputParameter || io.Kind == ContainerIoKind.InputArtifact) return io.KfpName;
            Problem(ContainerDiagnosticDescriptors.IfPresentNotAnInput, value.Syntax.GetLocation(), Name, value.Syntax.ToString(),
                "it is an output; IfPresent tests whether the task was given an input");
            return null;
        }
        Problem(ContainerDiagnosticDescriptors.IfPresentNotAnInput, value.Syntax.GetLocation(), Name, value.Syntax.ToString(),
            "pass the input parameter itself (e.g. IfPresent(mode, ...) for a parameter 'string? mode = null')");
        return null;
    }

    /// <summary>Text the container holds: constants and placeholders, joined by interpolation or '+'.</summary>
    private string? Text(IOperation operation)
    {
        if (operation.ConstantValue.HasValue)
        {
            switch (operation.ConstantValue.Value)
            {
                case string s when LoneSurrogates.In(s) is { } surrogate:
                    return NotEvaluable(operation, "it contains a lone UTF-16 surrogate (\\u" + ((int)surrogate).ToString("X4", CultureInfo.InvariantCulture) +
                        "), which the UTF-8 YAML cannot carry; use the full surrogate pair or another character");
                case string s: return s;
                case int i: return i.ToString(CultureInfo.InvariantCulture);
                case long l: return l.ToString(CultureInfo.InvariantCulture);
                case null:
                    return NotEvaluable(operation, "null is no command-line argument; leave it out, or use ContainerArg.IfPresent for an optional input");
            }
        }
        switch (operation)
        {
            case IConversionOperation conversion when conversion.IsImplicit || conversion.OperatorMethod is not null:
                return Text(conversion.Operand);
            case IParameterReferenceOperation reference:
                return Placeholder(reference, null);
            case IPropertyReferenceOperation property when Unwrap(property.Instance) is IParameterReferenceOperation owner:
                return Placeholder(owner, property);
            case IInterpolatedStringOperation interpolated:
                return Interpolated(interpolated);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                var left = Text(add.LeftOperand);
                var right = Text(add.RightOperand);
                return left is null || right is null ? null : left + right;
        }
        return NotEvaluable(operation, "the compiler can only write constants, the component's inputs and outputs " +
            "(a parameter, data.Path, data.Uri, count.OutputFile), interpolated strings of those, ContainerArg.IfPresent and ContainerArg.Concat; " +
            "computations run in the container, e.g. in 'sh -c'");
    }

    private string? Interpolated(IInterpolatedStringOperation interpolated)
    {
        var text = new System.Text.StringBuilder();
        var ok = true;
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolatedStringTextOperation literal)
            {
                text.Append(literal.Text.ConstantValue.Value as string);
                continue;
            }
            if (!(part is IInterpolationOperation interpolation))
            {
                NotEvaluable(part, "the compiler cannot read this part of the interpolated string");
                ok = false;
                continue;
            }
            if (interpolation.Alignment is not null || interpolation.FormatString is not null)
            {
                NotEvaluable(interpolation, "an alignment or format is applied when the program runs; KFP substitutes the value as it is");
                ok = false;
                continue;
            }
            var value = Text(interpolation.Expression);
            if (value is null) ok = false;
            else text.Append(value);
        }
        return ok ? text.ToString() : null;
    }

    /// <summary><c>{{$.inputs.parameters['x']}}</c> and the others, for a parameter or one of its properties.</summary>
    private string? Placeholder(IParameterReferenceOperation reference, IPropertyReferenceOperation? property)
    {
        var at = (IOperation?)property ?? reference;
        if (!_io.TryGetValue(reference.Parameter, out var io))
            return NotEvaluable(at, "'" + reference.Parameter.Name + "' is not an input or output KFP knows");
        var member = property?.Property.Name;
        switch (io.Kind)
        {
            case ContainerIoKind.InputParameter when member is null:
                return "{{$.inputs.parameters['" + io.KfpName + "']}}";
            case ContainerIoKind.InputArtifact when member == "Path" || member == "Uri":
                return "{{$.inputs.artifacts['" + io.KfpName + "']." + member.ToLowerInvariant() + "}}";
            case ContainerIoKind.OutputArtifact when member == "Path" || member == "Uri":
                return "{{$.outputs.artifacts['" + io.KfpName + "']." + member.ToLowerInvariant() + "}}";
            case ContainerIoKind.OutputParameter when member == "OutputFile":
                return "{{$.outputs.parameters['" + io.KfpName + "'].output_file}}";
        }
        string hint;
        switch (io.Kind)
        {
            case ContainerIoKind.InputParameter: hint = "pass the value itself ('" + reference.Parameter.Name + "'), which KFP substitutes"; break;
            case ContainerIoKind.OutputParameter: hint = "pass '" + reference.Parameter.Name + ".OutputFile', the file the program writes the value to"; break;
            case ContainerIoKind.Other: hint = "this kind of input has no placeholder in a container component"; break;
            default: hint = "pass '" + reference.Parameter.Name + ".Path' (a local file) or '" + reference.Parameter.Name + ".Uri'"; break;
        }
        return NotEvaluable(at, hint);
    }

    private string? NotEvaluable(IOperation operation, string why)
    {
        Problem(ContainerDiagnosticDescriptors.ArgumentNotEvaluable, operation.Syntax.GetLocation(), Name, operation.Syntax.ToString(), why);
        return null;
    }

    /// <summary>Skips the conversions the compiler inserted (string to ContainerArg, boxing, collection expression target types).</summary>
    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion && (conversion.IsImplicit || conversion.OperatorMethod is not null))
        {
            operation = conversion.Operand;
        }
        return operation;
    }

    private void Problem(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
        _problems.Add(new ContainerProblem(descriptor, location, args));

    /// <summary>Text, or a placeholder structure in Python's JSON; <paramref name="IsListIfPresent"/> for IfPresent with list branches.</summary>
    private sealed class Element
    {
        public Element(string? text, string? structure, bool isListIfPresent)
        {
            Text = text;
            Structure = structure;
            IsListIfPresent = isListIfPresent;
        }

        public string? Text { get; }
        public string? Structure { get; }
        public bool IsListIfPresent { get; }
    }
}
