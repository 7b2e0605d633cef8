namespace Pipelines.Fingerprints.Tests;

/// <summary>
/// For each kind of edit, exactly which components' fingerprints change. The expected sets are
/// written out: a component that should change but does not fails (stale code is the worst
/// outcome), and so does one that changes without reason.
/// </summary>
[TestClass]
public sealed class FingerprintEditTests
{
    private const string App = """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using Pipelines;
        using Helpers;

        namespace App;

        public static class Steps
        {
            private const int Scale = 3 /*SCALE*/;

            [Component] public static int Plain(int x) => x + 1 /*PLAIN*/;
            [Component] public static int UsesPrivate(int x) => Twice(x);
            private static int Twice(int x) => x * 2 /*TWICE*/;
            [Component] public static int Scaled(int x) => x * Scale;
            [Component] public static int WithOffset(int x) => x + Offsets.Value;
            [Component] public static int Shapes(int x) { Shape s = x > 0 ? new Circle() : new Square(); return s.Area(x); }
            [Component] public static int Greets(string name) => ((IGreeter)new Polite()).Greet(name).Length;
            [Component] public static int Lambda(int x) => new[] { x }.Select(v => v + 5 /*LAMBDA*/).Sum();
            [Component] public static async Task<int> Later(int x) { await Task.Yield(); return x + 7 /*ASYNC*/; }
            [Component] public static string Serialized(int x) => System.Text.Json.JsonSerializer.Serialize(new Point(x, x));
            [Component] public static int HelperOne(int x) => MathHelpers.Triple(x);
            [Component] public static int HelperTwo(int x) => MathHelpers.Triple(x) + 1;
            [Component] public static string Resource() => MathHelpers.ReadData();
            [Component] public static int Generic(int x) => Run<Parser>(x);
            private static int Run<T>(int x) where T : IParse<T> => T.Parse(x);
            public static int Unused(int x) => x - 1 /*UNUSED*/;
            /*ADD*/
        }

        public static class Offsets
        {
            public static readonly int Value = Compute(10 /*OFFSET*/);
            private static int Compute(int v) => v;
        }

        public abstract class Shape { public abstract int Area(int x); }
        public sealed class Circle : Shape { public override int Area(int x) => 3 * x * x /*CIRCLE*/; }
        public sealed class Square : Shape
        {
            [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never /*BROWSABLE*/)] public int Side;
            public override int Area(int x) => x * x;
        }

        public interface IGreeter { string Greet(string name); }
        public sealed class Polite : IGreeter { public string Greet(string name) => "Good day, " + name /*POLITE*/; }

        public sealed record Point(int X, int Y /*RECORD*/);

        public interface IParse<T> where T : IParse<T> { static abstract int Parse(int x); }
        public sealed class Parser : IParse<Parser> { public static int Parse(int x) => x + 9 /*STATIC*/; }
        """;

    private const string Helpers = """
        namespace Helpers;

        public static class MathHelpers
        {
            public static int Triple(int x) => x * 3 /*TRIPLE*/;

            public static string ReadData()
            {
                using var stream = typeof(MathHelpers).Assembly.GetManifestResourceStream("data.txt")!;
                return new System.IO.StreamReader(stream).ReadToEnd();
            }
        }
        """;

    private static readonly byte[] Data = "one"u8.ToArray();

    private static readonly Lazy<SortedDictionary<string, ComponentFingerprint>> Baseline = new(() => TestApp.Fingerprint(App, Helpers, ("data.txt", Data)));

    // Each test copies the baseline build's walk record (a build rewrites the record it reads).
    private static readonly string s_records = Path.Combine(Path.GetTempPath(), "fingerprint-tests", "records-" + Guid.NewGuid().ToString("N"));
    private static readonly Lazy<string> BaselineRecord = new(() =>
    {
        Directory.CreateDirectory(s_records);
        var file = Path.Combine(s_records, "baseline.txt");
        var fingerprints = TestApp.FingerprintReusing(file, App, Helpers, null, ("data.txt", Data));
        Assert.IsTrue(fingerprints.Values.All(f => f.Inputs is not null), "no record yet: every fingerprint computed");
        return file;
    });

    [ClassCleanup]
    public static void DeleteRecords()
    {
        if (Directory.Exists(s_records)) Directory.Delete(s_records, recursive: true);
    }

    public static IEnumerable<object[]> Edits =>
    [
        ["a component's body", "app", "x + 1 /*PLAIN*/", "x + 2", new[] { "plain" }, true],
        ["a private helper used by one component", "app", "x * 2 /*TWICE*/", "x * 4", new[] { "uses-private" }, true],
        ["a helper in the second assembly used by two", "helpers", "x * 3 /*TRIPLE*/", "x * 5", new[] { "helper-one", "helper-two" }, true],
        ["a constant", "app", "3 /*SCALE*/", "4", new[] { "scaled" }, false],
        ["a static field initializer", "app", "10 /*OFFSET*/", "11", new[] { "with-offset" }, true],
        ["an override called through its base", "app", "3 * x * x /*CIRCLE*/", "4 * x * x", new[] { "shapes" }, true],
        // Same length: a longer literal moves the strings stored after it, so the walks of bodies loading those (here the
        // record's generated ToString) are made again too, with the same result.
        ["an interface implementation", "app", "\"Good day, \" + name /*POLITE*/", "\"Good eve, \" + name", new[] { "greets" }, true],
        ["a lambda inside a component", "app", "v + 5 /*LAMBDA*/", "v + 6", new[] { "lambda" }, true],
        ["an async body", "app", "x + 7 /*ASYNC*/", "x + 8", new[] { "later" }, true],
        ["a record property", "app", "int Y /*RECORD*/", "int Y, int Z = 0", new[] { "serialized" }, false],
        ["a static abstract member's implementation", "app", "x + 9 /*STATIC*/", "x + 10", new[] { "generic" }, true],
        ["a framework enum in an attribute of a reached field", "app", "DebuggerBrowsableState.Never /*BROWSABLE*/", "DebuggerBrowsableState.Collapsed", new[] { "shapes" }, false],
        ["a method no component reaches", "app", "x - 1 /*UNUSED*/", "x - 2", Array.Empty<string>(), true],
        ["a new component", "app", "/*ADD*/", "[Component] public static int Added(int x) => x;", Array.Empty<string>(), false],
    ];

    [TestMethod]
    [DynamicData(nameof(Edits))]
    public void An_edit_changes_exactly_the_components_that_can_run_it(string edit, string where, string find, string replace, string[] expected, bool insideBodies)
    {
        Assert.Contains(find, where == "app" ? App : Helpers, "the edit's marker must be in the source");
        var (app, helpers) = where == "app" ? (App.Replace(find, replace), Helpers) : (App, Helpers.Replace(find, replace));
        var after = TestApp.Fingerprint(app, helpers, ("data.txt", Data));
        AssertChanged(edit, Baseline.Value, after, expected);

        // The same build again, taking what the baseline build recorded where it still holds: the same fingerprints. An
        // edit inside method bodies computes again exactly the fingerprints whose walks read an edited body; any other
        // edit changes an assembly's shape, and then every fingerprint is computed again.
        var reusing = TestApp.FingerprintReusing(CopyOfBaselineRecord(), app, helpers, null, ("data.txt", Data));
        AssertSameFingerprints(edit, after, reusing);
        var computed = reusing.Where(f => f.Value.Inputs is not null).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        var expectedComputed = insideBodies ? expected.Order(StringComparer.Ordinal).ToList() : [.. reusing.Keys];
        CollectionAssert.AreEqual(expectedComputed, computed, $"{edit}: computed again: {string.Join(", ", computed)}");
    }

    [TestMethod]
    public void A_recorded_fingerprint_is_taken_only_while_its_other_inputs_are_the_same()
    {
        // Same code, so every walk holds; a content file is an input of every component outside its walk.
        var record = CopyOfBaselineRecord();
        var fresh = TestApp.Fingerprint(App, Helpers, helpersAsPackage: false, content: "{\"a\": 1}", ("data.txt", Data));
        var withContent = TestApp.FingerprintReusing(record, App, Helpers, "{\"a\": 1}", ("data.txt", Data));
        AssertSameFingerprints("a content file added", fresh, withContent);
        Assert.IsTrue(withContent.Values.All(f => f.Inputs is not null), "other inputs than recorded: every fingerprint computed");
        AssertChanged("a content file added", Baseline.Value, withContent, [.. Baseline.Value.Keys]);

        var again = TestApp.FingerprintReusing(record, App, Helpers, "{\"a\": 1}", ("data.txt", Data));
        AssertSameFingerprints("the same build again", fresh, again);
        Assert.IsTrue(again.Values.All(f => f.Inputs is null), "nothing changed: every fingerprint taken from the record");
    }

    [TestMethod]
    public void A_damaged_walk_record_is_ignored_and_every_fingerprint_computed_again()
    {
        var record = CopyOfBaselineRecord();
        var bytes = File.ReadAllBytes(record);
        // One recorded fingerprint digest, changed in place: believed, it would pin an image of other code.
        var at = System.Text.Encoding.UTF8.GetString(bytes).IndexOf("\nfingerprint\t", StringComparison.Ordinal);
        var digest = Array.LastIndexOf(bytes, (byte)'\t', Array.IndexOf(bytes, (byte)'\n', at + 1)) + 1;
        bytes[digest] = (byte)(bytes[digest] == (byte)'0' ? '1' : '0');
        File.WriteAllBytes(record, bytes);

        var again = TestApp.FingerprintReusing(record, App, Helpers, null, ("data.txt", Data));
        AssertChanged("nothing, with a damaged record", Baseline.Value, again, []);
        Assert.IsTrue(again.Values.All(f => f.Inputs is not null), "nothing of a damaged record is taken");
        var repaired = TestApp.FingerprintReusing(record, App, Helpers, null, ("data.txt", Data));
        AssertChanged("nothing, with the record written again", Baseline.Value, repaired, []);
        Assert.IsTrue(repaired.Values.All(f => f.Inputs is null), "the build after it takes the record it wrote");
    }

    [TestMethod]
    public void An_embedded_resource_changes_the_components_that_reach_its_assembly()
    {
        var after = TestApp.Fingerprint(App, Helpers, ("data.txt", "two"u8.ToArray()));
        AssertChanged("an embedded resource of the helper assembly", Baseline.Value, after, ["helper-one", "helper-two", "resource"]);
    }

    [TestMethod]
    public void The_same_sources_give_the_same_fingerprints()
    {
        var again = TestApp.Fingerprint(App, Helpers, ("data.txt", Data));
        AssertChanged("nothing", Baseline.Value, again, []);
        Assert.HasCount(13, again, "every component is fingerprinted: " + string.Join(", ", again.Keys));
    }

    [TestMethod]
    public void Reflection_by_name_folds_every_user_assembly_in()
    {
        var app = App.Replace("/*ADD*/", "[Component] public static string ByName(string t) => Type.GetType(t)?.Name ?? \"\";");
        var before = TestApp.Fingerprint(app, Helpers, ("data.txt", Data));
        Assert.IsTrue(before["by-name"].Inputs!.Keys.Any(k => k.StartsWith("reflection ", StringComparison.Ordinal)), "the fold is named in the inputs");

        var unreached = TestApp.Fingerprint(app.Replace("x - 1 /*UNUSED*/", "x - 2"), Helpers, ("data.txt", Data));
        AssertChanged("a method only reflection can reach", before, unreached, ["by-name"]);
        var helper = TestApp.Fingerprint(app, Helpers.Replace("x * 3 /*TRIPLE*/", "x * 5"), ("data.txt", Data));
        AssertChanged("a helper used by two, with a reflecting component", before, helper, ["by-name", "helper-one", "helper-two"]);
    }

    [TestMethod]
    public void A_package_changes_exactly_the_components_that_reach_it()
    {
        var before = TestApp.Fingerprint(App, Helpers, helpersAsPackage: true, content: null, ("data.txt", Data));
        Assert.IsTrue(before["helper-one"].Inputs!.ContainsKey("package Helpers/1.0.0"));
        Assert.IsFalse(before["plain"].Inputs!.ContainsKey("package Helpers/1.0.0"));
        var after = TestApp.Fingerprint(App, Helpers.Replace("x * 3 /*TRIPLE*/", "x * 5"), helpersAsPackage: true, content: null, ("data.txt", Data));
        AssertChanged("a package's assembly", before, after, ["helper-one", "helper-two", "resource"]);
    }

    [TestMethod]
    public void A_content_file_changes_every_component()
    {
        var before = TestApp.Fingerprint(App, Helpers, helpersAsPackage: false, content: "{\"a\": 1}", ("data.txt", Data));
        var after = TestApp.Fingerprint(App, Helpers, helpersAsPackage: false, content: "{\"a\": 2}", ("data.txt", Data));
        AssertChanged("a content file copied to the output", before, after, [.. before.Keys]);
    }

    [TestMethod]
    public void A_setting_changes_every_component()
    {
        var before = Baseline.Value;
        Assert.IsTrue(before.Values.All(f => f.Inputs!["setting user"] == "1654"));
        Assert.IsTrue(before.Values.All(f => f.Inputs!.Keys.Any(k => k.StartsWith("package Pipelines/", StringComparison.Ordinal))),
            "every executor reaches the Pipelines runtime package");
        Assert.IsTrue(before["serialized"].Inputs!.Keys.Any(k => k.StartsWith("framework System.Text.Json", StringComparison.Ordinal)),
            "a framework assembly the component reaches is named with its version");
    }

    private static string CopyOfBaselineRecord()
    {
        var record = Path.Combine(s_records, Guid.NewGuid().ToString("N") + ".txt");
        File.Copy(BaselineRecord.Value, record);
        return record;
    }

    /// <summary>Same components, same digests, and the same inputs where both were computed.</summary>
    private static void AssertSameFingerprints(string edit, SortedDictionary<string, ComponentFingerprint> fresh, SortedDictionary<string, ComponentFingerprint> reusing)
    {
        CollectionAssert.AreEquivalent(fresh.Keys.ToList(), reusing.Keys.ToList());
        foreach (var (component, fingerprint) in fresh)
        {
            Assert.AreEqual(fingerprint.Digest, reusing[component].Digest, $"{edit}: '{component}' with the record");
            if (reusing[component].Inputs is not null) Assert.AreEqual(fingerprint.Explain(), reusing[component].Explain(), $"{edit}: '{component}' inputs with the record");
        }
    }

    private static void AssertChanged(string edit, SortedDictionary<string, ComponentFingerprint> before, SortedDictionary<string, ComponentFingerprint> after, string[] expected)
    {
        var changed = before.Keys.Intersect(after.Keys).Where(c => before[c].Digest != after[c].Digest).Order(StringComparer.Ordinal).ToList();
        var missing = expected.Except(changed).ToList();
        var extra = changed.Except(expected).ToList();
        string Why(string c) => c + " [" + string.Join("; ", after[c].Inputs!.Where(i => !before[c].Inputs!.TryGetValue(i.Key, out var v) || v != i.Value).Select(i => i.Key)
            .Concat(before[c].Inputs!.Keys.Where(k => !after[c].Inputs!.ContainsKey(k)).Select(k => "removed " + k)).Take(6)) + "]";
        Assert.IsEmpty(missing, $"{edit}: these components can run the edited code but kept their fingerprint: {string.Join(", ", missing)}");
        Assert.IsEmpty(extra, $"{edit}: these components changed without reason: {string.Join(", ", extra.Select(Why))}");
    }
}
