using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>Every rule has an ID from <see cref="DiagnosticIds"/>, a help link, a docs page and a release-tracking entry.</summary>
[TestClass]
public sealed class DiagnosticCatalogTests
{
    private static readonly string[] s_categories =
    [
        DiagnosticIds.ShapeCategory, DiagnosticIds.SelfContainmentCategory, DiagnosticIds.DeterminismCategory, DiagnosticIds.DataPassingCategory,
        DiagnosticIds.GeneratorCategory,
    ];

    /// <summary>Every analyzer in the generator assembly.</summary>
    private static IReadOnlyList<DiagnosticAnalyzer> Analyzers => typeof(ComponentShapeAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>Every analyzer's rules, and the one the generator reports itself (PIPE0026, its own failures).</summary>
    private static IReadOnlyList<DiagnosticDescriptor> Descriptors =>
        Analyzers.SelectMany(a => a.SupportedDiagnostics).Concat(GeneratorDiagnosticDescriptors.All).ToList();

    [TestMethod]
    public void TheBodyAnalyzersAreFound() => Assert.IsGreaterThanOrEqualTo(8, Analyzers.Count);

    [TestMethod]
    public void EveryIdConstantHasOneDescriptor()
    {
        var ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && ((string)f.GetRawConstantValue()!).StartsWith("PIPE", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        CollectionAssert.AreEqual(ids, Descriptors.Select(d => d.Id).Order(StringComparer.Ordinal).ToList());
    }

    [TestMethod]
    public void EveryDescriptorHasCategoryHelpLinkAndDocsPage()
    {
        foreach (var descriptor in Descriptors)
        {
            CollectionAssert.Contains(s_categories, descriptor.Category, descriptor.Id);
            if (descriptor.Category == DiagnosticIds.ShapeCategory)
                Assert.AreEqual(DiagnosticSeverity.Error, descriptor.DefaultSeverity, descriptor.Id);
            Assert.IsTrue(descriptor.IsEnabledByDefault, descriptor.Id);
            Assert.AreEqual($"https://github.com/pipelines-sdk/pipelines-sdk/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            var page = Path.Combine(RepoRoot.Path, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.IsTrue(File.Exists(page), $"Missing {page}");
            var text = File.ReadAllText(page);
            StringAssert.StartsWith(text, $"# {descriptor.Id}: ");
            StringAssert.Contains(text, $"**Severity:** {descriptor.DefaultSeverity.ToString().ToLowerInvariant()} · **Category:** {descriptor.Category}", descriptor.Id);
        }
    }

    [TestMethod]
    public void EveryDescriptorIsInReleaseTracking()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepoRoot.Path, "generators", "Pipelines.Sdk.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
            StringAssert.Contains(unshipped, $"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |");
    }

    [TestMethod]
    public void EveryCodeFixFixesAKnownRule()
    {
        var ids = Descriptors.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var fixes = typeof(Pipelines.Sdk.CodeFixes.PipelineCallCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        Assert.HasCount(2, fixes);
        foreach (var fix in fixes)
        {
            Assert.IsNotNull(fix.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>(), fix.GetType().Name);
            foreach (var id in fix.FixableDiagnosticIds) Assert.Contains(id, ids);
        }
    }
}
