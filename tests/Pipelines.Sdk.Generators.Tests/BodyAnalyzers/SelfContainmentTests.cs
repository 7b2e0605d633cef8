using D = Pipelines.Sdk.Generators.BodyDiagnosticDescriptors;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>PIPE0012-PIPE0017: each rule fires where it should and stays silent on a near miss that is fine.</summary>
[TestClass]
public sealed class SelfContainmentTests
{
    [TestMethod]
    public Task PIPE0012_StaticMutableState() => BodyVerifier<StaticStateAnalyzer>.VerifyAsync("""
        public static class Steps
        {
            public static int Counter;
            public static string? Last { get; set; }
            private static readonly List<string> Names = new();
            public const int Max = 3;
            public static int Computed => 1;
            public static IReadOnlyList<string> Columns { get; } = new[] { "a" };

            [Component]
            public static int Run(int x)
            {
                {|#0:Counter|}++;
                {|#1:Last|} = "x";
                var n = {|#2:Counter|} + Max + Computed + Columns.Count + Names.Count;
                var culture = System.Globalization.CultureInfo.CurrentCulture; // framework static with a setter: fine
                Func<int> read = () => {|#3:Counter|};
                return n + read() + nameof(Counter).Length;
            }

            public static void NotAComponent() => Counter = 5;
        }
        """,
        BodyVerifier<StaticStateAnalyzer>.Diagnostic(D.StaticMutableState).WithLocation(0).WithArguments("Run", "updates", "field", "Steps.Counter"),
        BodyVerifier<StaticStateAnalyzer>.Diagnostic(D.StaticMutableState).WithLocation(1).WithArguments("Run", "writes", "property", "Steps.Last"),
        BodyVerifier<StaticStateAnalyzer>.Diagnostic(D.StaticMutableState).WithLocation(2).WithArguments("Run", "reads", "field", "Steps.Counter"),
        BodyVerifier<StaticStateAnalyzer>.Diagnostic(D.StaticMutableState).WithLocation(3).WithArguments("Run", "reads", "field", "Steps.Counter"));

    [TestMethod]
    public Task PIPE0013_LiteralFilePath() => BodyVerifier<LiteralFilePathAnalyzer>.VerifyAsync("""
        public static class Steps
        {
            [Component]
            public static void Run(Input<Dataset> raw, Output<Dataset> cleaned, string folder)
            {
                var a = File.ReadAllText({|#0:"data/train.csv"|});
                var b = File.ReadAllLines({|#1:"/home/me/x.csv"|});
                using var w = new StreamWriter({|#2:$"out/{folder}.csv"|});
                var p = Path.Combine({|#3:"data"|}, "x.csv");
                File.Copy(raw.Path, {|#4:"backup.csv"|});
                var info = new FileInfo({|#5:"model" + ".zip"|});

                var ok1 = File.ReadAllText(raw.Path);
                File.WriteAllText(Path.Combine(cleaned.Path, "part-0.csv"), "contents are not a path");
                var ok2 = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "lookup.json"));
                var ok3 = Path.Combine(Path.GetTempPath(), "scratch.bin");
                var ok4 = File.ReadAllText("/proc/meminfo");
                var ok5 = File.ReadAllText(folder + "/x.csv");
                var ok6 = Directory.GetFiles(raw.Path, "*.csv");
            }

            public static string NotAComponent() => File.ReadAllText("data/train.csv");
        }
        """,
        BodyVerifier<LiteralFilePathAnalyzer>.Diagnostic(D.LiteralFilePath).WithLocation(0).WithArguments("Run", "data/train.csv"),
        BodyVerifier<LiteralFilePathAnalyzer>.Diagnostic(D.LiteralFilePath).WithLocation(1).WithArguments("Run", "/home/me/x.csv"),
        BodyVerifier<LiteralFilePathAnalyzer>.Diagnostic(D.LiteralFilePath).WithLocation(2).WithArguments("Run", "out/..."),
        BodyVerifier<LiteralFilePathAnalyzer>.Diagnostic(D.LiteralFilePath).WithLocation(3).WithArguments("Run", "data"),
        BodyVerifier<LiteralFilePathAnalyzer>.Diagnostic(D.LiteralFilePath).WithLocation(4).WithArguments("Run", "backup.csv"),
        BodyVerifier<LiteralFilePathAnalyzer>.Diagnostic(D.LiteralFilePath).WithLocation(5).WithArguments("Run", "model.zip"));

    [TestMethod]
    public Task PIPE0014_EnvironmentVariable() => BodyVerifier<EnvironmentVariableAnalyzer>.VerifyAsync("""
        public static class Steps
        {
            [Component]
            public static string Run(string name)
            {
                var url = {|#0:Environment.GetEnvironmentVariable("API_URL")|};
                var other = {|#1:Environment.GetEnvironmentVariable(name)|};
                var pod = Environment.GetEnvironmentVariable("KFP_POD_NAME");
                return url + other + pod;
            }

            public static string? NotAComponent() => Environment.GetEnvironmentVariable("API_URL");
        }
        """,
        BodyVerifier<EnvironmentVariableAnalyzer>.Diagnostic(D.EnvironmentVariable).WithLocation(0).WithArguments("Run", "'API_URL'"),
        BodyVerifier<EnvironmentVariableAnalyzer>.Diagnostic(D.EnvironmentVariable).WithLocation(1).WithArguments("Run", "(a computed name)"));

    [TestMethod]
    public Task PIPE0015_ComponentCallsComponent() => BodyVerifier<ComponentCallAnalyzer>.VerifyAsync("""
        namespace Churn;
        public static class Steps
        {
            [Component]
            public static int Prepare(int rows) => rows <= 0 ? 0 : Prepare(rows - 1) + Helper(rows);

            [Component]
            public static int Train(int rows)
            {
                Func<int, int> later = r => {|#1:Prepare(r)|};
                return {|#0:Prepare(rows)|} + Helper(rows) + later(1);
            }

            public static int Helper(int rows) => rows;
        }
        """,
        BodyVerifier<ComponentCallAnalyzer>.Diagnostic(D.ComponentCallsComponent).WithLocation(0).WithArguments("Train", "Churn.Steps.Prepare"),
        BodyVerifier<ComponentCallAnalyzer>.Diagnostic(D.ComponentCallsComponent).WithLocation(1).WithArguments("Train", "Churn.Steps.Prepare"));

    [TestMethod]
    public Task PIPE0016_PipelineCallsComponent() => BodyVerifier<ComponentCallAnalyzer>.VerifyAsync("""
        namespace Churn;
        public static class Steps
        {
            [Component] public static int Clean(Input<Dataset> raw, Output<Dataset> cleaned, double fillValue = 0) => 1;
            [Component] public static void Train(Input<Dataset> data, int epochs) { }
            public static int Helper() => 1;
        }
        public static class Pipe
        {
            [Pipeline]
            public static void Define(PipelineBuilder p, Param<int> epochs)
            {
                var rows = {|#0:Steps.Clean(new Input<Dataset>("a.csv"), new Output<Dataset>("b.csv"))|} + Steps.Helper();
                {|#1:Steps.Train(null!, {|CS1503:epochs|})|};
            }
        }
        """,
        BodyVerifier<ComponentCallAnalyzer>.Diagnostic(D.PipelineCallsComponent).WithLocation(0).WithArguments("Define", "Churn.Steps.Clean", "StepsTasks.Clean"),
        BodyVerifier<ComponentCallAnalyzer>.Diagnostic(D.PipelineCallsComponent).WithLocation(1).WithArguments("Define", "Churn.Steps.Train", "StepsTasks.Train"));

    [TestMethod]
    public Task PIPE0016_PipelineCallsContainerComponent() => BodyVerifier<ComponentCallAnalyzer>.VerifyAsync("""
        namespace Churn;
        public static class Tools
        {
            [ContainerComponent] public static ContainerSpec Wc(Input<Dataset> data) => new("alpine:3.20", ["wc", "-l", data.Path]);
        }
        public static class Pipe
        {
            [Pipeline]
            public static void Define(PipelineBuilder p)
            {
                var spec = {|#0:Tools.Wc(new Input<Dataset>("a.csv"))|};
            }
        }
        """,
        BodyVerifier<ComponentCallAnalyzer>.Diagnostic(D.PipelineCallsComponent).WithLocation(0).WithArguments("Define", "Churn.Tools.Wc", "ToolsTasks.Wc"));

    [TestMethod]
    public Task PIPE0017_NativeCode() => BodyVerifier<NativeCodeAnalyzer>.VerifyAsync("""
        using System.Runtime.InteropServices;
        public static partial class Native
        {
            [DllImport("libm")] public static extern double cos(double x);
            [LibraryImport("libfast")] internal static partial int Fast(int x);
            internal static partial int Fast(int x) => x;
        }
        public static class Steps
        {
            [Component]
            public static double Run(double x) => {|#0:Native.cos(x)|} + {|#1:Native.Fast(1)|} + Math.Cos(x);

            public static double NotAComponent(double x) => Native.cos(x);
        }
        """,
        BodyVerifier<NativeCodeAnalyzer>.Diagnostic(D.NativeCode).WithLocation(0).WithArguments("Run", "Native.cos", "libm"),
        BodyVerifier<NativeCodeAnalyzer>.Diagnostic(D.NativeCode).WithLocation(1).WithArguments("Run", "Native.Fast", "libfast"));
}
