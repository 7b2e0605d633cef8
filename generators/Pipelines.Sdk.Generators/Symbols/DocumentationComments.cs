using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// The <c>&lt;param&gt;</c> and <c>&lt;returns&gt;</c> texts of a method's <c>///</c> comment, as
/// plain text for KFP's <c>description</c> fields (KFP's compiler puts a docstring's <c>Args:</c>
/// into <c>inputDefinitions</c> and its <c>Returns:</c> into <c>outputDefinitions</c>).
/// </summary>
/// <remarks>
/// Read from the syntax, not from <c>ISymbol.GetDocumentationCommentXml()</c>: a command-line
/// build without <c>GenerateDocumentationFile</c> parses with <c>DocumentationMode.None</c>, where
/// the symbol has no documentation and the comment is plain <c>///</c> trivia. Reading the trivia
/// gives the same descriptions in the IDE and in every build. Malformed XML gives no descriptions
/// (the compiler's CS1570 is the place to report it), never an exception.
/// </remarks>
internal sealed class DocumentationComments
{
    private static readonly DocumentationComments None = new DocumentationComments(new Dictionary<string, string>(), null);

    private readonly Dictionary<string, string> _parameters;

    private DocumentationComments(Dictionary<string, string> parameters, string? returns)
    {
        _parameters = parameters;
        Returns = returns;
    }

    /// <summary>The <c>&lt;returns&gt;</c> text; null when absent or empty.</summary>
    public string? Returns { get; }

    /// <summary>The <c>&lt;param name="…"&gt;</c> text of a parameter (its C# name, without <c>@</c>); null when absent or empty.</summary>
    public string? Parameter(string name) => _parameters.TryGetValue(name, out var text) ? text : null;

    public static DocumentationComments Of(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length == 0) return None;
        var node = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var xml = new StringBuilder();
        foreach (var trivia in node.GetLeadingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
            {
                foreach (var line in trivia.ToFullString().Split('\n'))
                {
                    var text = line.TrimStart();
                    if (text.StartsWith("///", StringComparison.Ordinal)) xml.Append(text.Substring(3)).Append('\n');
                }
            }
        }
        if (xml.Length == 0) return None;

        XElement root;
        try
        {
            root = XElement.Parse("<doc>" + xml + "</doc>", LoadOptions.None);
        }
        catch (XmlException)
        {
            return None;
        }
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in root.Elements("param"))
        {
            var name = (string?)param.Attribute("name");
            var text = PlainText(param);
            if (name is not null && text.Length > 0 && !parameters.ContainsKey(name)) parameters.Add(name, text);
        }
        var returns = root.Element("returns") is { } r && PlainText(r) is { Length: > 0 } t ? t : null;
        return new DocumentationComments(parameters, returns);
    }

    /// <summary>The element's text with references as their names (<c>&lt;see cref="T:Ns.Model"/&gt;</c> → <c>Model</c>,
    /// <c>&lt;paramref name="rows"/&gt;</c> → <c>rows</c>) and whitespace runs (the comment's line breaks) as single spaces.</summary>
    private static string PlainText(XElement element)
    {
        var sb = new StringBuilder();
        Append(element, sb);
        return string.Join(" ", sb.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Append(XElement element, StringBuilder sb)
    {
        foreach (var child in element.Nodes())
        {
            switch (child)
            {
                case XText text:
                    sb.Append(text.Value);
                    break;
                case XElement e when !e.Nodes().Any():
                    if ((string?)e.Attribute("cref") is { } cref) sb.Append(ShortName(cref));
                    else if (((string?)e.Attribute("name") ?? (string?)e.Attribute("langword") ?? (string?)e.Attribute("href")) is { } word) sb.Append(word);
                    break;
                case XElement e:
                    Append(e, sb);
                    break;
            }
        }
    }

    private static string ShortName(string reference)
    {
        // cref="T:Ns.Type", cref="Ns.Type.Member(int)", cref="List{T}": the last segment before any argument list.
        var colon = reference.IndexOf(':');
        if (colon == 1) reference = reference.Substring(2);
        var paren = reference.IndexOf('(');
        if (paren >= 0) reference = reference.Substring(0, paren);
        var brace = reference.IndexOf('{');
        var head = brace >= 0 ? reference.Substring(0, brace) : reference;
        var dot = head.LastIndexOf('.');
        return dot >= 0 ? reference.Substring(dot + 1) : reference;
    }
}
