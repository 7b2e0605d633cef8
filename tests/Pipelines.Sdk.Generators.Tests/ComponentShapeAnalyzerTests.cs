using static Pipelines.Sdk.Generators.Tests.AnalyzerVerifier;
using D = Pipelines.Sdk.Generators.DiagnosticDescriptors;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>Each rule fires where it should and stays silent on a near miss that is fine.</summary>
[TestClass]
public sealed class ComponentShapeAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Pipelines;

        """;

    [TestMethod]
    public Task ValidCodeHasNoDiagnostics() => VerifyAsync(Usings + """
        public enum Mode { A, B }
        public record Options(string Region, int Retries);
        public static class Steps
        {
            [Component(Name = "clean-data", Description = "d")]
            public static int Clean(Input<Dataset> raw, Output<Dataset> cleaned, double fillValue = 0.0, Mode mode = Mode.B,
                List<string>? names = null, Dictionary<string, Options>? options = null, int? limit = null) => 1;

            [Component]
            public static async Task<(double Accuracy, int Rows)> Evaluate(Input<Model> model, Output<Metrics> metrics, string? note = null)
            {
                await Task.Yield();
                return (1, 2);
            }

            [Component] public static ValueTask Nothing() => default;
            [Component] internal static int[] Internal(Output<Model> model) => new int[0];
        }
        internal static class Pipes
        {
            [Pipeline(Name = "churn-training")]
            public static void Define(PipelineBuilder p, Param<string> source, [Default(5)] Param<int> epochs, [Default(5)] Param<double> rate,
                [Default(Mode.A)] Param<Mode> mode, [Default(new[] { 1, 2 })] Param<List<int>> sizes, [Default(null)] Param<string?> note) { }
        }
        """);

    [TestMethod]
    public Task PIPE0001_NotStatic() => VerifyAsync(Usings + """
        public class Steps
        {
            [Component] public int {|#0:Run|}() => 1;
            [Pipeline] public void {|#1:Define|}(PipelineBuilder p) { }
            [Component] public static int Fine() => 1;
        }
        """,
        Diagnostic(D.MustBeStatic).WithLocation(0).WithArguments("Component", "Run"),
        Diagnostic(D.MustBeStatic).WithLocation(1).WithArguments("Pipeline", "Define"));

    [TestMethod]
    public Task PIPE0002_Generic() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static T {|#0:Echo|}<T>(T value) => value;
            [Component] public static int Fine(List<int> values) => 1;
        }
        public static class Generic<T>
        {
            [Component] public static void {|#1:Run|}() { }
        }
        """,
        Diagnostic(D.MustNotBeGeneric).WithLocation(0).WithArguments("Component", "Echo"),
        Diagnostic(D.MustNotBeGeneric).WithLocation(1).WithArguments("Component", "Run"));

    [TestMethod]
    public Task PIPE0003_NotReachable() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] private static void {|#0:Hidden|}() { }
            [Component] internal static void InternalIsFine() { }
            private static class Inner
            {
                [Pipeline] public static void {|#1:Define|}(PipelineBuilder p) { }
            }
            internal static class InternalInner
            {
                [Component] public static void AlsoFine() { }
            }
        }
        file static class FileSteps
        {
            [Component] public static void {|#2:Run|}() { }
        }
        """,
        Diagnostic(D.MustBeReachable).WithLocation(0).WithArguments("Component", "Hidden", "Hidden", "private"),
        Diagnostic(D.MustBeReachable).WithLocation(1).WithArguments("Pipeline", "Define", "Inner", "private"),
        Diagnostic(D.MustBeReachable).WithLocation(2).WithArguments("Component", "Run", "FileSteps", "file-local"));

    [TestMethod]
    public Task PIPE0004_UnsupportedParameterType() => VerifyAsync(Usings + """
        public abstract class Shape { public int Sides { get; set; } }
        public static class Steps
        {
            [Component] public static void A({|#0:object|} value) { }
            [Component] public static void B({|#1:byte[]|} data) { }
            [Component] public static void C({|#2:Func<int>|} f) { }
            [Component] public static void D({|#3:Dictionary<int, string>|} map) { }
            [Component] public static void E({|#4:List<object>|} items) { }
            [Component] public static void F({|#5:DateTime|} when) { }
            [Component] public static void G({|#6:Shape|} shape) { }
            [Component] public static void H({|#7:OutputParameter<object>|} result) { }
            [Component] public static void Fine(int[] sizes, IReadOnlyDictionary<string, List<double>> groups, Input<Artifact> any) { }
        }
        """,
        Diagnostic(D.UnsupportedParameterType).WithLocation(0).WithArguments("value", "A", "object"),
        Diagnostic(D.UnsupportedParameterType).WithLocation(1).WithArguments("data", "B", "byte[]"),
        Diagnostic(D.UnsupportedParameterType).WithLocation(2).WithArguments("f", "C", "Func<int>"),
        Diagnostic(D.UnsupportedParameterType).WithLocation(3).WithArguments("map", "D", "Dictionary<int, string>"),
        Diagnostic(D.UnsupportedParameterType).WithLocation(4).WithArguments("items", "E", "List<object>"),
        Diagnostic(D.UnsupportedParameterType).WithLocation(5).WithArguments("when", "F", "DateTime"),
        Diagnostic(D.UnsupportedParameterType).WithLocation(6).WithArguments("shape", "G", "Shape"),
        Diagnostic(D.UnsupportedParameterType).WithLocation(7).WithArguments("result", "H", "OutputParameter<object>"));

    [TestMethod]
    public Task PIPE0005_UnsupportedReturnType() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static {|#0:(int, string Name)|} Unnamed() => (1, "a");
            [Component] public static {|#1:object|} Any() => new object();
            [Component] public static {|#2:Task<Func<int>>|} Later() => Task.FromResult<Func<int>>(() => 1);
            [Pipeline] public static {|#3:int|} Define(PipelineBuilder p) => 1;
            [Component] public static (int Count, string Name) Fine() => (1, "a");
        }
        """,
        Diagnostic(D.UnsupportedReturnType).WithLocation(0).WithArguments("Component", "Unnamed", "(int, string Name)",
            "tuple element 'Item1' has no name; name every element, e.g. (double Accuracy, int Rows); " + ReturnSupported),
        Diagnostic(D.UnsupportedReturnType).WithLocation(1).WithArguments("Component", "Any", "object", "'object' is not a type KFP can carry; " + ReturnSupported),
        Diagnostic(D.UnsupportedReturnType).WithLocation(2).WithArguments("Component", "Later", "Task<Func<int>>", "'Func<int>' is not a type KFP can carry; " + ReturnSupported),
        Diagnostic(D.UnsupportedReturnType).WithLocation(3).WithArguments("Pipeline", "Define", "int", "'int' is not a pipeline output; " + PipelineReturnSupported));

    [TestMethod]
    public Task PIPE0006_ByRef() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static void A(ref int {|#0:x|}) { }
            [Component] public static void B(out int {|#1:x|}) { x = 1; }
            [Component] public static void C(in int {|#2:x|}) { }
            [Pipeline] public static void D(PipelineBuilder p, ref Param<int> {|#3:x|}) { }
            [Component] public static void Fine(int x, Output<Model> model) { }
        }
        """,
        Diagnostic(D.ByRefParameter).WithLocation(0).WithArguments("x", "Component", "A"),
        Diagnostic(D.ByRefParameter).WithLocation(1).WithArguments("x", "Component", "B"),
        Diagnostic(D.ByRefParameter).WithLocation(2).WithArguments("x", "Component", "C"),
        Diagnostic(D.ByRefParameter).WithLocation(3).WithArguments("x", "Pipeline", "D"));

    [TestMethod]
    public Task PIPE0007_DuplicateNames() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static void {|#0:Train|}() { }
            [Component(Name = "train")] public static void {|#1:TrainAgain|}() { }
            [Pipeline(Name = "p")] public static void {|#2:One|}(PipelineBuilder b) { }
            [Pipeline(Name = "p")] public static void {|#3:Two|}(PipelineBuilder b) { }
            [Pipeline(Name = "train")] public static void ComponentAndPipelineMayShareAName(PipelineBuilder b) { }
        }
        """,
        Diagnostic(D.DuplicateName).WithLocation(0).WithArguments("Component", "train", "Steps.Train", "'Steps.TrainAgain'"),
        Diagnostic(D.DuplicateName).WithLocation(1).WithArguments("Component", "train", "Steps.TrainAgain", "'Steps.Train'"),
        Diagnostic(D.DuplicateName).WithLocation(2).WithArguments("Pipeline", "p", "Steps.One", "'Steps.Two'"),
        Diagnostic(D.DuplicateName).WithLocation(3).WithArguments("Pipeline", "p", "Steps.Two", "'Steps.One'"));

    [TestMethod]
    public Task PIPE0008_InvalidName() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component(Name = {|#0:"Bad_Name"|})] public static void A() { }
            [Pipeline(Name = {|#1:"-starts-with-dash"|})] public static void B(PipelineBuilder p) { }
            [Component] public static void {|#2:Größe|}() { }
            [Component] public static void C(int {|#3:_|}) { }
            [Component(Name = "good-name-1")] public static void Fine() { }
        }
        """,
        Diagnostic(D.InvalidName).WithLocation(0).WithArguments("Bad_Name", "component", NameRule),
        Diagnostic(D.InvalidName).WithLocation(1).WithArguments("-starts-with-dash", "pipeline", NameRule),
        Diagnostic(D.InvalidName).WithLocation(2).WithArguments("größe", "component", NameRule + " (the name comes from the method name; set [Component(Name = \"...\")])"),
        Diagnostic(D.InvalidName).WithLocation(3).WithArguments("", "input/output", "'_' must map to letters, digits and '_', starting with a letter or '_'; rename it"));

    [TestMethod]
    public Task PIPE0009_NameCollision() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static void A(int fillValue, int {|#0:fill_value|}) { }
            [Component] public static int B(Output<Model> {|#1:output|}) => 1;
            [Component] public static (int {|#2:Model|}, int Rows) C(Input<Model> model) => (1, 2);
            [Pipeline] public static void D(PipelineBuilder p, Param<int> httpPort, Param<int> {|#3:HTTPPort|}) { }
            [Component] public static void OutputWithoutReturnValueIsFine(Output<Model> output) { }
        }
        """,
        Diagnostic(D.InputOutputNameCollision).WithLocation(0).WithArguments("fill_value", "A", "fill_value", "is also the name of 'fillValue'"),
        Diagnostic(D.InputOutputNameCollision).WithLocation(1).WithArguments("output", "B", "output", "collides with the output 'Output' that KFP gives the return value"),
        Diagnostic(D.InputOutputNameCollision).WithLocation(2).WithArguments("Model", "C", "model", "is also the name of 'model'"),
        Diagnostic(D.InputOutputNameCollision).WithLocation(3).WithArguments("HTTPPort", "D", "http_port", "is also the name of 'httpPort'"));

    [TestMethod]
    public Task PIPE0009_NamedOutputCollision() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] [return: Output("scalar")] public static int A(OutputParameter<int> {|#0:Scalar|}) => 1;
            [Component] public static void B(string text, OutputParameter<string> {|#1:Text|}) { }
            [Component] public static int C(OutputParameter<int> {|#2:output|}) => 1;
            [Pipeline] [return: Output("accuracy")] public static Value<double> D(Param<double> {|#3:accuracy|}) => null!;
            [Component] [return: Output("scalar")] public static int OutputIsFreeOnceTheReturnValueIsNamed(int output, OutputParameter<string> text) => 1;
        }
        """,
        Diagnostic(D.InputOutputNameCollision).WithLocation(0).WithArguments("Scalar", "A", "scalar", "collides with the output 'scalar' that [return: Output] gives the return value"),
        Diagnostic(D.InputOutputNameCollision).WithLocation(1).WithArguments("Text", "B", "text", "is also the name of 'text'"),
        Diagnostic(D.InputOutputNameCollision).WithLocation(2).WithArguments("output", "C", "output", "collides with the output 'Output' that KFP gives the return value"),
        Diagnostic(D.InputOutputNameCollision).WithLocation(3).WithArguments("accuracy", "D", "accuracy", "collides with the output 'accuracy' that [return: Output] gives the return value"));

    [TestMethod]
    public Task PIPE0027_MisplacedOutputName() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] [return: {|#0:Output("scalar")|}] public static void A() { }
            [Component] [return: {|#1:Output("scalar")|}] public static Task B() => Task.CompletedTask;
            [Component] [return: {|#2:Output("scalar")|}] public static (int Count, string Name) C() => (1, "a");
            [Pipeline] [return: {|#3:Output("scalar")|}] public static void D(PipelineBuilder p) { }
            [Component] [return: {|#4:Output("not valid")|}] public static int E() => 1;
            [Component] [return: Output("scalar")] public static Task<string> Fine(OutputParameter<int> count) => Task.FromResult("");
        }
        """,
        Diagnostic(D.MisplacedOutputName).WithLocation(0).WithArguments("Component", "A", "returns no value"),
        Diagnostic(D.MisplacedOutputName).WithLocation(1).WithArguments("Component", "B", "returns no value"),
        Diagnostic(D.MisplacedOutputName).WithLocation(2).WithArguments("Component", "C", "returns a tuple (each element is an output named after it)"),
        Diagnostic(D.MisplacedOutputName).WithLocation(3).WithArguments("Pipeline", "D", "returns no value"),
        Diagnostic(D.InvalidName).WithLocation(4).WithArguments("not valid", "input/output",
            "[return: Output(...)] must name the output with letters, digits and '_', starting with a letter or '_'"));

    [TestMethod]
    public Task PIPE0010_InvalidPipelineParameter() => VerifyAsync(Usings + """
        public static class Pipes
        {
            [Pipeline] public static void A(PipelineBuilder p, {|#0:int|} epochs) { }
            [Pipeline] public static void B({|#1:Param<object>|} anything) { }
            [Pipeline] public static void C({|#2:Value<int>|} value) { }
            [Pipeline] public static void Fine(Param<List<int>> sizes, PipelineBuilder p, Param<Dictionary<string, double>> weights) { }
        }
        """,
        Diagnostic(D.InvalidPipelineParameter).WithLocation(0).WithArguments("epochs", "A", "int"),
        Diagnostic(D.InvalidPipelineParameter).WithLocation(1).WithArguments("anything", "B", "Param<object>"),
        Diagnostic(D.InvalidPipelineParameter).WithLocation(2).WithArguments("value", "C", "Value<int>"));

    [TestMethod]
    public Task PIPE0011_InvalidDefault() => VerifyAsync(Usings + """
        public enum Mode { A, B }
        public static class Pipes
        {
            [Pipeline] public static void A([{|#0:Default("five")|}] Param<int> epochs) { }
            [Pipeline] public static void B([{|#1:Default(2.5)|}] Param<int> epochs) { }
            [Pipeline] public static void C([{|#2:Default("C")|}] Param<Mode> mode) { }
            [Pipeline] public static void D([{|#3:Default(new[] { "a" })|}] Param<List<int>> sizes) { }
            [Pipeline] public static void E([{|#4:Default(1)|}] Param<Dictionary<string, int>> map) { }
            [Pipeline] public static void Fine([Default(5)] Param<double> rate, [Default("B")] Param<Mode> mode, [Default(5L)] Param<long> big) { }
        }
        """,
        Diagnostic(D.InvalidDefaultValue).WithLocation(0).WithArguments("epochs", "int"),
        Diagnostic(D.InvalidDefaultValue).WithLocation(1).WithArguments("epochs", "int"),
        Diagnostic(D.InvalidDefaultValue).WithLocation(2).WithArguments("mode", "Mode"),
        Diagnostic(D.InvalidDefaultValue).WithLocation(3).WithArguments("sizes", "List<int>"),
        Diagnostic(D.InvalidDefaultValue).WithLocation(4).WithArguments("map", "Dictionary<string, int>"));

    [TestMethod]
    public Task PIPE0028_InvalidDefaultJson() => VerifyAsync(Usings + """
        public enum Mode { A, B }
        public record Config(double LearningRate, int Layers, Mode Mode);
        public static class Steps
        {
            [Pipeline] public static void A([{|#0:Default("[1, 2, x]")|}] Param<List<int>> sizes) { }
            [Pipeline] public static void B([{|#1:Default("[1, 2.5]")|}] Param<List<int>> sizes) { }
            [Pipeline] public static void C([{|#2:Default("{\"a\": 1}")|}] Param<List<int>> sizes) { }
            [Pipeline] public static void D([{|#3:Default("{\"a\": \"x\"}")|}] Param<Dictionary<string, double>> weights) { }
            [Component] public static void E([{|#4:Default("{\"rate\": 1}")|}] Config config) { }
            [Component] public static void F([{|#5:Default("{\"mode\": \"C\"}")|}] Config config) { }
            [Component] public static void G([{|#6:Default("[[1], [null]]")|}] List<List<int>> grid) { }
            [Component] public static void H([{|#7:Default(5)|}] List<int> sizes) { }
            [Pipeline] public static void Fine(PipelineBuilder p, [Default("[1, 2, 3]")] Param<List<int>> sizes,
                [Default("{\"a\": 1, \"b\": 2.5}")] Param<Dictionary<string, double>> weights, [Default("null")] Param<List<int>?> none) { }
            [Component] public static void AlsoFine([Default("{\"learning_rate\": 1, \"Layers\": 2, \"mode\": \"B\"}")] Config config,
                [Default("[[1], [2, 3]]")] List<List<int>> grid, [Default(new[] { "a" })] string[] tags, [Default(null)] List<int>? none) { }
        }
        """,
        Diagnostic(D.InvalidDefaultJson).WithLocation(0).WithArguments("sizes", "A", "List<int>", "it is not JSON (Unexpected character 'x' at 7)"),
        Diagnostic(D.InvalidDefaultJson).WithLocation(1).WithArguments("sizes", "B", "List<int>", "element 1 must be an integer for 'int'"),
        Diagnostic(D.InvalidDefaultJson).WithLocation(2).WithArguments("sizes", "C", "List<int>", "the value must be a JSON array for 'List<int>'"),
        Diagnostic(D.InvalidDefaultJson).WithLocation(3).WithArguments("weights", "D", "Dictionary<string, double>", "'a' must be a number for 'double'"),
        Diagnostic(D.InvalidDefaultJson).WithLocation(4).WithArguments("config", "E", "Config",
            "key 'rate' of the value is not a property of 'Config' (expected one of: layers, learning_rate, mode)"),
        Diagnostic(D.InvalidDefaultJson).WithLocation(5).WithArguments("config", "F", "Config", "'mode' 'C' is not a member of 'Mode'"),
        Diagnostic(D.InvalidDefaultJson).WithLocation(6).WithArguments("grid", "G", "List<List<int>>", "element 0 of element 1 is null, but 'int' is not nullable"),
        Diagnostic(D.InvalidDefaultJson).WithLocation(7).WithArguments("sizes", "H", "List<int>", "write it as JSON text such as \"[1, 2, 3]\", an array of constants, or null"));

    [TestMethod]
    public Task PIPE0028_DeeplyNestedJsonIsRefusedWithoutRecursing() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static void A([{|#0:Default("
        """ + new string('[', 10_000) + new string(']', 10_000) + """
        ")|}] System.Text.Json.Nodes.JsonArray raw) { }
        }
        """,
        Diagnostic(D.InvalidDefaultJson).WithLocation(0).WithArguments("raw", "A", "JsonArray", "it is nested more than 32 levels deep"));

    [TestMethod]
    public Task PIPE0029_DefaultOnComponentScalar() => VerifyAsync(Usings + """
        public enum Mode { A, B }
        public static class Steps
        {
            [Component] public static void A([{|#0:Default(5)|}] int epochs) { }
            [Component] public static void B([{|#1:Default("x")|}] string name = "y") { }
            [Component] public static void C([{|#2:Default(Mode.B)|}] Mode mode) { }
            [Component] public static void Fine(int epochs = 5, [Default("[1]")] List<int>? sizes = null) { }
        }
        """,
        Diagnostic(D.DefaultOnComponentScalar).WithLocation(0).WithArguments("epochs", "A", "int"),
        Diagnostic(D.DefaultOnComponentScalar).WithLocation(1).WithArguments("name", "B", "string"),
        Diagnostic(D.DefaultOnComponentScalar).WithLocation(2).WithArguments("mode", "C", "Mode"));

    [TestMethod]
    public Task PIPE0030_InvalidTaskConfigPassthrough() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component]
            [TaskConfigPassthrough(TaskConfigField.Env)]
            [{|#0:TaskConfigPassthrough(TaskConfigField.Env, ApplyToTask = true)|}]
            public static void Twice(TaskConfig config) { }

            [Component] [{|#1:TaskConfigPassthrough((TaskConfigField)9)|}] public static void Unknown(TaskConfig config) { }

            [{|#2:TaskConfigPassthrough(TaskConfigField.Resources)|}] public static void NotAComponent() { }

            [ContainerComponent] [{|#3:TaskConfigPassthrough(TaskConfigField.Resources)|}]
            public static ContainerSpec Container({|#4:TaskConfig|} config) => new("alpine", ["true"]);

            [Component]
            [TaskConfigPassthrough(TaskConfigField.Resources)]
            [TaskConfigPassthrough(TaskConfigField.KubernetesAffinity, ApplyToTask = true)]
            public static void Fine(TaskConfig config, TaskConfig? second, int rows = 1) { }
        }
        """,
        Diagnostic(D.InvalidTaskConfigPassthrough).WithLocation(0).WithArguments("Twice",
            "ENV is listed twice; list each field once, with ApplyToTask = true if the task's own pod needs it too"),
        Diagnostic(D.InvalidTaskConfigPassthrough).WithLocation(1).WithArguments("Unknown", "(TaskConfigField)9 is not a field KFP can pass through"),
        Diagnostic(D.InvalidTaskConfigPassthrough).WithLocation(2).WithArguments("NotAComponent",
            "[TaskConfigPassthrough] applies to [Component] methods only; this method is not one, so the attribute does nothing"),
        Diagnostic(D.InvalidTaskConfigPassthrough).WithLocation(3).WithArguments("Container",
            "[TaskConfigPassthrough] applies to [Component] methods, whose own code receives the TaskConfig; a [ContainerComponent] runs another program"),
        Diagnostic(D.InvalidTaskConfigPassthrough).WithLocation(4).WithArguments("Container",
            "parameter 'config' is a TaskConfig, which only a [Component]'s own code can read; a [ContainerComponent] runs another program"));

    [TestMethod]
    public Task PIPE0031_UnusedTaskConfigPassthrough() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static void Empty(TaskConfig {|#0:config|}) { }

            [Component] [{|#1:TaskConfigPassthrough(TaskConfigField.Resources)|}] [TaskConfigPassthrough(TaskConfigField.Env)] public static void Nowhere() { }

            [Component] [TaskConfigPassthrough(TaskConfigField.Resources)] public static void Fine(TaskConfig config) { }
        }
        """,
        Diagnostic(D.UnusedTaskConfigPassthrough).WithLocation(0).WithArguments("Empty",
            "takes TaskConfig 'config' but lists no [TaskConfigPassthrough], so KFP passes it nothing (every field null); add [TaskConfigPassthrough(TaskConfigField.Resources)] and the like for the settings it should receive"),
        Diagnostic(D.UnusedTaskConfigPassthrough).WithLocation(1).WithArguments("Nowhere",
            "passes task settings through but has no TaskConfig parameter to receive them; the fields listed without ApplyToTask = true are taken off the task's pod and reach nothing"));

    [TestMethod]
    public Task PIPE0023_NotAMethod() => VerifyAsync(Usings + """
        public class Steps
        {
            public static void Host()
            {
                [{|#0:Component|}] static int Local() => 1;
                Func<int> lambda = [{|#1:Pipeline|}] () => 1;
                Local();
            }
            [{|#2:Component|}] public static Steps operator +(Steps a, Steps b) => a;
            [{|#3:Component|}] public static implicit operator int(Steps a) => 1;
            public static int Property { [{|#4:Component|}] get => 1; }
            [{|#5:Component|}] ~Steps() { }
            [Component] public static int Fine() => 1;
        }
        public interface IThing
        {
            [{|#6:Component|}] static abstract int Abstract(int x);
            [{|#7:Pipeline|}] static virtual void Virtual(PipelineBuilder b) { }
            [Component] static int NonVirtualIsFine(int x) => x;
        }
        """,
        Diagnostic(D.NotAMethod).WithLocation(0).WithArguments("Component", "local function 'Local'"),
        Diagnostic(D.NotAMethod).WithLocation(1).WithArguments("Pipeline", "a lambda"),
        Diagnostic(D.NotAMethod).WithLocation(2).WithArguments("Component", "operator 'op_Addition'"),
        Diagnostic(D.NotAMethod).WithLocation(3).WithArguments("Component", "conversion operator 'op_Implicit'"),
        Diagnostic(D.NotAMethod).WithLocation(4).WithArguments("Component", "accessor 'get_Property'"),
        Diagnostic(D.NotAMethod).WithLocation(5).WithArguments("Component", "a finalizer"),
        Diagnostic(D.NotAMethod).WithLocation(6).WithArguments("Component", "static abstract interface member 'Abstract'"),
        Diagnostic(D.NotAMethod).WithLocation(7).WithArguments("Pipeline", "static virtual interface member 'Virtual'"));

    [TestMethod]
    public Task PIPE0024_TasksClassNameTaken() => VerifyAsync(Usings + """
        namespace N
        {
            public static class Steps
            {
                [Component] public static int A() => 1;
                [Pipeline] public static void P(PipelineBuilder b) { }
                public static class Inner { [Component] public static int B() => 1; }
            }
            public class {|#0:StepsTasks|} { }
            public enum {|#1:InnerTasks|} { X }
            public static class Other { [Component] public static int D() => 1; }
            public sealed partial class {|#2:OtherTasks|} { }
            public static class Tools { [Component] public static int C() => 1; }
            public static partial class ToolsTasks { public static int Extra() => 1; }
            public class Unrelated<T> { }
            public class UnrelatedTasks { }
        }
        namespace Other
        {
            public class StepsTasks { }
        }
        """,
        Diagnostic(D.TasksClassNameTaken).WithLocation(0).WithArguments("N.StepsTasks", "[Component] 'N.Steps.A' and [Pipeline] 'N.Steps.P'"),
        Diagnostic(D.TasksClassNameTaken).WithLocation(1).WithArguments("N.InnerTasks", "[Component] 'N.Steps.Inner.B'"),
        Diagnostic(D.TasksClassNameTaken).WithLocation(2).WithArguments("N.OtherTasks", "[Component] 'N.Other.D'"));

    [TestMethod]
    public Task PIPE0025_LoneSurrogate() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component(Description = {|#0:"half \uD800 of a pair"|})]
            public static int A(string {|#1:text|} = "\uDC00") => 1;

            [Pipeline(DisplayName = {|#2:"\uDBFF"|})]
            public static void P(PipelineBuilder b, [{|#3:Default(new[] { "ok", "\uD800" })|}] Param<List<string>> tags) { }

            [Component(Description = "a whole pair \uD83D\uDE00 is fine")]
            public static int Fine(string text = "\uD83D\uDE00") => 1;
        }
        """,
        Diagnostic(D.LoneSurrogate).WithLocation(0).WithArguments("Description of 'A'", "D800"),
        Diagnostic(D.LoneSurrogate).WithLocation(1).WithArguments("The default value of parameter 'text'", "DC00"),
        Diagnostic(D.LoneSurrogate).WithLocation(2).WithArguments("DisplayName of 'P'", "DBFF"),
        Diagnostic(D.LoneSurrogate).WithLocation(3).WithArguments("The [Default] value of parameter 'tags'", "D800"));

    [TestMethod]
    public Task UnresolvedTypesAreLeftToTheCompiler() => VerifyAsync(Usings + """
        public static class Steps
        {
            [Component] public static {|CS0246:Missing|} A({|CS0246:Unknown|} value) => default!;
        }
        """);

    private const string NameRule = "use 1-128 lowercase letters, digits and '-', starting with a letter or digit";

    private const string PipelineReturnSupported =
        "a [Pipeline] method may return void, Value<T> (T a value KFP can carry), ArtifactRef<T>, ArtifactListRef<T>, " +
        "or a tuple with named elements of those, e.g. (Value<double> Accuracy, ArtifactRef<Model> Model)";

    private const string ReturnSupported =
        "a component may return void, Task, ValueTask, a value KFP can carry, Task<T>/ValueTask<T> of one, " +
        "or a tuple with named elements of such values, e.g. (double Accuracy, int Rows); values: " + KfpParameterTypes.SupportedValueTypes;
}
