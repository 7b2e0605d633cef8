using static Pipelines.Sdk.Generators.Tests.AnalyzerVerifier;
using D = Pipelines.Sdk.Generators.ContainerDiagnosticDescriptors;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>PIPE0043–PIPE0048: each fires where the container component cannot be compiled, and stays silent on what can.</summary>
[TestClass]
public sealed class ContainerComponentAnalyzerTests
{
    private const string Usings = """
        using System;
        using Pipelines;

        """;

    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyAsync<ContainerComponentAnalyzer>(Usings + source, expected);

    [TestMethod]
    public Task ValidContainerComponentsHaveNoDiagnostics() => Verify("""
        public static class Tools
        {
            private const string Registry = "registry.local";
            private const string Version = "1.2";

            [ContainerComponent]
            public static ContainerSpec Wc(Input<Dataset> data, OutputParameter<int> lines, Output<Model> model, string? mode = null, int rows = 5) =>
                new($"{Registry}/tools:{Version}",
                    command: ["sh", "-c", "wc -l < \"$0\" > \"$1\"", data.Path, lines.OutputFile],
                    args: [ContainerArg.IfPresent(mode, then: ["--mode", mode!], @else: ["--default"]), $"--rows={rows}", "--out=" + model.Uri, rows,
                        ContainerArg.Concat("x", ContainerArg.IfPresent(mode, then: mode!), data.Uri)]);

            [ContainerComponent]
            public static ContainerSpec Block()
            {
                return new ContainerSpec("alpine", new ContainerArg[] { "echo", "hi" });
            }

            // Not a container component: its body is ordinary code.
            public static ContainerSpec Helper(string image) => new(image, [image.ToUpperInvariant()]);
        }
        """);

    [TestMethod]
    public Task PIPE0043_BodyMustReturnTheSpec() => Verify("""
        public static class Tools
        {
            [ContainerComponent]
            public static ContainerSpec {|#0:Two|}()
            {
                var spec = new ContainerSpec("alpine");
                return spec;
            }

            [ContainerComponent]
            public static ContainerSpec Helper() => {|#1:Make("alpine")|};

            [ContainerComponent]
            public static {|#2:string|} Text() => "alpine";

            private static ContainerSpec Make(string image) => new(image);
        }
        """,
        Diagnostic(D.BodyNotEvaluable).WithLocation(0).WithArguments("Two",
            "its body must be a single 'return new ContainerSpec(...)' (or '=> new ContainerSpec(...)'), which the compiler evaluates; build lists and strings inside that expression"),
        Diagnostic(D.BodyNotEvaluable).WithLocation(1).WithArguments("Helper",
            "it must return 'new ContainerSpec(...)' itself, not a value computed elsewhere, so the compiler can read the image, command and args"),
        Diagnostic(D.BodyNotEvaluable).WithLocation(2).WithArguments("Text",
            "it returns 'string'; a container component returns the ContainerSpec (image, command, args) it runs"));

    [TestMethod]
    public Task PIPE0044_ImageMustBeConstant() => Verify("""
        public static class Tools
        {
            private static readonly string Image = "alpine";

            [ContainerComponent]
            public static ContainerSpec FromInput(string image) => new({|#0:image|});

            [ContainerComponent]
            public static ContainerSpec FromField() => new({|#1:Image|});

            [ContainerComponent]
            public static ContainerSpec Empty() => new({|#2:" "|});
        }
        """,
        Diagnostic(D.ImageNotConstant).WithLocation(0).WithArguments("FromInput", "image",
            "it is computed when the program runs; KFP needs it in the YAML, so use a literal or a const string (e.g. \"alpine:3.20\", or $\"{Registry}/tool:{Version}\" of consts)"),
        Diagnostic(D.ImageNotConstant).WithLocation(1).WithArguments("FromField", "Image",
            "it is computed when the program runs; KFP needs it in the YAML, so use a literal or a const string (e.g. \"alpine:3.20\", or $\"{Registry}/tool:{Version}\" of consts)"),
        Diagnostic(D.ImageNotConstant).WithLocation(2).WithArguments("Empty", "\" \"", "it is empty"));

    [TestMethod]
    public Task PIPE0045_ArgumentsMustBeConstantsOrPlaceholders() => Verify("""
        public static class Tools
        {
            private static string Flag => "--x";

            [ContainerComponent]
            public static ContainerSpec Run(string text, Input<Dataset> data, OutputParameter<int> n, double rate) =>
                new("alpine",
                    command: [{|#0:text.ToUpperInvariant()|}, {|#1:Flag|}, {|#2:data.Metadata.ToJsonString()|}],
                    args: [$"-{|#3:{rate:F2}|}", $"{{|#4:n|}}", {|#5:.. Extra()|}]);

            private static ContainerArg[] Extra() => [];
        }
        """,
        Diagnostic(D.ArgumentNotEvaluable).WithLocation(0).WithArguments("Run", "text.ToUpperInvariant()", Computed),
        Diagnostic(D.ArgumentNotEvaluable).WithLocation(1).WithArguments("Run", "Flag", Computed),
        Diagnostic(D.ArgumentNotEvaluable).WithLocation(2).WithArguments("Run", "data.Metadata.ToJsonString()", Computed),
        Diagnostic(D.ArgumentNotEvaluable).WithLocation(3).WithArguments("Run", "{rate:F2}",
            "an alignment or format is applied when the program runs; KFP substitutes the value as it is"),
        Diagnostic(D.ArgumentNotEvaluable).WithLocation(4).WithArguments("Run", "n",
            "pass 'n.OutputFile', the file the program writes the value to"),
        Diagnostic(D.ArgumentNotEvaluable).WithLocation(5).WithArguments("Run", ".. Extra()",
            "a spread ('..') is computed when the program runs; list the elements"));

    private const string Computed = "the compiler can only write constants, the component's inputs and outputs " +
        "(a parameter, data.Path, data.Uri, count.OutputFile), interpolated strings of those, ContainerArg.IfPresent and ContainerArg.Concat; " +
        "computations run in the container, e.g. in 'sh -c'";

    [TestMethod]
    public Task PIPE0046_IfPresentTestsAnInput() => Verify("""
        public static class Tools
        {
            private static readonly string? Setting = null;

            [ContainerComponent]
            public static ContainerSpec Run(OutputParameter<int> n, string? mode = null) =>
                new("alpine", [
                    ContainerArg.IfPresent({|#0:n|}, "x"),
                    ContainerArg.IfPresent({|#1:Setting|}, "y"),
                    ContainerArg.IfPresent(mode, "fine")]);
        }
        """,
        Diagnostic(D.IfPresentNotAnInput).WithLocation(0).WithArguments("Run", "n", "it is an output; IfPresent tests whether the task was given an input"),
        Diagnostic(D.IfPresentNotAnInput).WithLocation(1).WithArguments("Run", "Setting",
            "pass the input parameter itself (e.g. IfPresent(mode, ...) for a parameter 'string? mode = null')"));

    [TestMethod]
    public Task PIPE0047_ListIfPresentInsideConcat() => Verify("""
        public static class Tools
        {
            [ContainerComponent]
            public static ContainerSpec Run(string? mode = null) =>
                new("alpine", [
                    ContainerArg.Concat("--mode=", {|#0:ContainerArg.IfPresent(mode, ["a", "b"])|}),
                    ContainerArg.Concat("--mode=", ContainerArg.IfPresent(mode, "a", "b"))]);
        }
        """,
        Diagnostic(D.ListIfPresentInConcat).WithLocation(0).WithArguments("Run", "ContainerArg.IfPresent(mode, [\"a\", \"b\"])"));

    [TestMethod]
    public Task PIPE0048_ComponentAndContainerComponent() => Verify("""
        public static class Tools
        {
            [Component, ContainerComponent]
            public static ContainerSpec {|#0:Both|}() => new("alpine");
        }
        """,
        Diagnostic(D.ComponentAndContainerComponent).WithLocation(0).WithArguments("Both"));
}
