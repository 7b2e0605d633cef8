using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.CodeFixes;

/// <summary>
/// A fix must leave code that compiles, or not be offered. Binding the rewritten expression alone
/// is not enough: its new type has to fit where it stands (a task factory returns a task, not the
/// component's value, so inside <c>(Func&lt;double&gt;)(() =&gt; Fit(...))</c> the rewrite is CS0029).
/// So each fix compiles the fixed document and is offered only when that adds no error.
/// </summary>
internal static class FixedCode
{
    /// <summary>True when <paramref name="fixedRoot"/> has no compile error that the document's current text does not already have.</summary>
    public static async Task<bool> AddsNoErrorsAsync(Document document, SyntaxNode fixedRoot, CancellationToken cancellationToken)
    {
        var before = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var after = await document.WithSyntaxRoot(fixedRoot).GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (before is null || after is null) return false;

        // Compared by ID and message, not position: the fix moves text.
        var existing = new Dictionary<string, int>();
        foreach (var error in Errors(before, cancellationToken))
        {
            var key = Key(error);
            existing[key] = existing.TryGetValue(key, out var count) ? count + 1 : 1;
        }
        foreach (var error in Errors(after, cancellationToken))
        {
            var key = Key(error);
            if (!existing.TryGetValue(key, out var count) || count == 0) return false;
            existing[key] = count - 1;
        }
        return true;
    }

    private static IEnumerable<Diagnostic> Errors(SemanticModel model, CancellationToken cancellationToken) =>
        model.GetDiagnostics(cancellationToken: cancellationToken).Where(static d => d.Severity == DiagnosticSeverity.Error);

    private static string Key(Diagnostic diagnostic) => diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
}
