using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>Every rule has an ID from <see cref="DiagnosticIds"/>, a help link, a docs page and a release-tracking entry.</summary>
[TestClass]
public sealed class DiagnosticCatalogTests
{
    private static IReadOnlyList<DiagnosticDescriptor> Descriptors => new ComponentShapeAnalyzer().SupportedDiagnostics;

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
    public void EveryDescriptorIsAnErrorWithHelpLinkAndDocsPage()
    {
        foreach (var descriptor in Descriptors)
        {
            Assert.AreEqual(DiagnosticSeverity.Error, descriptor.DefaultSeverity, descriptor.Id);
            Assert.AreEqual(DiagnosticIds.ShapeCategory, descriptor.Category, descriptor.Id);
            Assert.AreEqual($"https://github.com/pipelines-sdk/pipelines-sdk/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            string page = Path.Combine(RepoRoot.Path, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.IsTrue(File.Exists(page), $"Missing {page}");
            StringAssert.StartsWith(File.ReadAllText(page), $"# {descriptor.Id}: ");
        }
    }

    [TestMethod]
    public void EveryDescriptorIsInReleaseTracking()
    {
        string unshipped = File.ReadAllText(Path.Combine(RepoRoot.Path, "generators", "Pipelines.Sdk.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
            StringAssert.Contains(unshipped, $"{descriptor.Id} | {descriptor.Category} | Error |");
    }
}
