using D = Pipelines.Sdk.Generators.BodyDiagnosticDescriptors;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>PIPE0018-PIPE0021: each rule fires where it should and stays silent on a near miss that is fine.</summary>
[TestClass]
public sealed class DeterminismTests
{
    [TestMethod]
    public Task PIPE0018_to_PIPE0020_ClockRandomGuid() => BodyVerifier<DeterminismAnalyzer>.VerifyAsync("""
        public static class Steps
        {
            [Component]
            public static string Run(Output<Dataset> data, int seed = 42)
            {
                var stamp = {|#0:DateTime.Now|}.ToString("O") + {|#1:DateTimeOffset.UtcNow|} + {|#2:Environment.TickCount64|};
                var random = {|#3:new Random()|};
                Random typed = {|#4:new()|};
                var shared = {|#5:Random.Shared|}.Next();
                var id = {|#6:Guid.NewGuid()|};

                var seeded = new Random(seed);
                Console.WriteLine($"started at {DateTime.Now}");
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var fixedDate = DateTime.Parse("2024-01-01", System.Globalization.CultureInfo.InvariantCulture);
                var parsed = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
                return stamp + id + parsed + seeded.Next() + fixedDate + watch.Elapsed;
            }

            public static DateTime NotAComponent() => DateTime.Now;
        }
        """,
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.WallClock).WithLocation(0).WithArguments("Run", "DateTime.Now"),
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.WallClock).WithLocation(1).WithArguments("Run", "DateTimeOffset.UtcNow"),
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.WallClock).WithLocation(2).WithArguments("Run", "Environment.TickCount64"),
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.UnseededRandom).WithLocation(3).WithArguments("Run", "'new Random()' without a seed"),
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.UnseededRandom).WithLocation(4).WithArguments("Run", "'new Random()' without a seed"),
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.UnseededRandom).WithLocation(5).WithArguments("Run", "'Random.Shared'"),
        BodyVerifier<DeterminismAnalyzer>.Diagnostic(D.NewGuid).WithLocation(6).WithArguments("Run", "Guid.NewGuid"));

    [TestMethod]
    public Task PIPE0021_UnorderedEnumeration() => BodyVerifier<UnorderedEnumerationAnalyzer>.VerifyAsync("""
        public static class Steps
        {
            [Component]
            public static async Task Run(Input<Dataset> raw, Output<Dataset> labels)
            {
                var set = new HashSet<string>(File.ReadAllLines(raw.Path));
                var counts = new Dictionary<string, int>();
                using (var writer = new StreamWriter(labels.Path))
                {
                    foreach (var label in {|#0:set|}) writer.WriteLine(label);
                    foreach (var label in set.Order()) writer.WriteLine(label);
                    foreach (var label in new List<string>(set.Order())) writer.WriteLine(label);
                }
                File.WriteAllLines(labels.Path, {|#1:counts.Keys|});
                File.WriteAllText(labels.Path, string.Join("\n", {|#2:set|}));
                await File.AppendAllLinesAsync(labels.Path, {|#3:new System.Collections.Concurrent.ConcurrentBag<string>()|});
                await File.WriteAllLinesAsync(labels.Path, set.Order());

                foreach (var (key, value) in counts) labels.Metadata[key] = value;
                foreach (var label in set) Console.WriteLine(label);
                foreach (var label in set) File.WriteAllText(Path.Combine(labels.Path, label + ".txt"), label);
                Console.WriteLine(string.Join(", ", set));
            }
        }
        """,
        BodyVerifier<UnorderedEnumerationAnalyzer>.Diagnostic(D.UnorderedEnumeration).WithLocation(0).WithArguments("Run", "HashSet<T>"),
        BodyVerifier<UnorderedEnumerationAnalyzer>.Diagnostic(D.UnorderedEnumeration).WithLocation(1).WithArguments("Run", "Dictionary<TKey, TValue>"),
        BodyVerifier<UnorderedEnumerationAnalyzer>.Diagnostic(D.UnorderedEnumeration).WithLocation(2).WithArguments("Run", "HashSet<T>"),
        BodyVerifier<UnorderedEnumerationAnalyzer>.Diagnostic(D.UnorderedEnumeration).WithLocation(3).WithArguments("Run", "ConcurrentBag<T>"));
}
