using Pipelines.Sdk.Tests.Infrastructure;

namespace Pipelines.Sdk.Tests;

/// <summary>A bad component signature fails the build with an analyzer diagnostic from the
/// packed SDK, on the right line, never a crash in the generator or the build tasks.</summary>
[TestClass]
public sealed class BadComponentBuildTests
{
    [TestMethod]
    public void Non_static_component_and_unsupported_type_are_compile_errors()
    {
        var root = SampleWorkspace.EmptyWorkspace("bad");
        try
        {
            SampleWorkspace.WriteProject(root, "Bad", """
                <Project Sdk="Pipelines.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
                </Project>
                """, ("Steps.cs", """
                using Pipelines;
                namespace Bad;
                public class Steps
                {
                    [Component]
                    public int Count(string text) => text.Length;

                    [Component]
                    public static void Upload(object payload) { }
                }
                """));

            var result = DotnetCli.Dotnet(root, "build", "Bad");

            Assert.AreNotEqual(0, result.ExitCode, result.Output);
            StringAssert.Contains(result.Output, "Steps.cs(6,16): error PIPE0001");
            StringAssert.Contains(result.Output, "error PIPE0004");
            Assert.IsFalse(result.Output.Contains("CSC : error AD0001"), "an analyzer crashed:\n" + result.Output);
            Assert.IsFalse(result.Output.Contains("CS8785"), "the generator crashed:\n" + result.Output);
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }

    /// <summary>
    /// With the real compiler (C# 14: extension blocks are a language feature there): attributes on
    /// things the generated code cannot call are PIPE0023 errors on the user's lines, a class whose
    /// name is still missing costs no generated file (once CS8785), and no error is in generated code.
    /// </summary>
    [TestMethod]
    public void Components_the_generated_code_cannot_call_are_reported_and_the_generator_never_crashes()
    {
        var root = SampleWorkspace.EmptyWorkspace("uncallable");
        try
        {
            SampleWorkspace.WriteProject(root, "Bad", """
                <Project Sdk="Pipelines.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
                </Project>
                """, ("Steps.cs", """
                using Pipelines;
                namespace Bad;
                public static class Steps
                {
                    [Component] public static int Count(string text) => text.Length;
                    public static int Host() { [Component] static int Local() => 1; return Local(); }
                }
                public static class Extensions
                {
                    extension(string text) { [Component] public static int Twice(int x) => 2 * x; }
                }
                public interface IScorer { [Component] static abstract int Score(int x); }
                """));
            var result = DotnetCli.Dotnet(root, "build", "Bad", "-p:PipelineBuildImages=false");

            Assert.AreNotEqual(0, result.ExitCode, result.Output);
            StringAssert.Contains(result.Output, "Steps.cs(6,33): error PIPE0023");
            StringAssert.Contains(result.Output, "Steps.cs(10,31): error PIPE0023");
            StringAssert.Contains(result.Output, "Steps.cs(12,29): error PIPE0023");
            AssertNothingGeneratedFailed(result.Output);

            // The compiler stops at syntax errors, so the generator is checked on its own here.
            File.WriteAllText(Path.Combine(root, "Bad", "Typing.cs"), """
                using Pipelines;
                namespace Bad;
                public static class
                [Pipeline] public static void Define(PipelineBuilder p) { }
                """);
            var typing = DotnetCli.Dotnet(root, "build", "Bad", "-p:PipelineBuildImages=false", "--no-restore");
            StringAssert.Contains(typing.Output, "Typing.cs(3,20): error CS1001");
            AssertNothingGeneratedFailed(typing.Output);
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }

    private static void AssertNothingGeneratedFailed(string output)
    {
        Assert.IsFalse(output.Contains("CS8785"), "the generator crashed:\n" + output);
        Assert.IsFalse(output.Contains("PIPE0026"), "the generator failed:\n" + output);
        Assert.IsFalse(output.Contains(".g.cs("), "an error in generated code:\n" + output);
    }

    [TestMethod]
    public void CommonMistakes_sample_shows_each_analyzer_warning_with_its_code_line_and_help_link()
    {
        var root = SampleWorkspace.CopySample("CommonMistakes");
        try
        {
            var build = DotnetCli.Dotnet(root, "build", "CommonMistakes", "-p:PipelineBuildImages=false").AssertSuccess("CommonMistakes builds (warnings only)");
            foreach (var id in new[] { "PIPE0012", "PIPE0013", "PIPE0014", "PIPE0015", "PIPE0017", "PIPE0018", "PIPE0019", "PIPE0020", "PIPE0021", "PIPE0022" })
            {
                StringAssert.Matches(build.Output, new System.Text.RegularExpressions.Regex(
                    $@"ComponentMistakes\.cs\(\d+,\d+\): warning {id}: .*\(https://[^)]*/docs/diagnostics/{id}\.md\)"), id);
            }

            var errors = DotnetCli.Dotnet(root, "build", "CommonMistakes", "-p:PipelineBuildImages=false", "-p:ShowErrors=true", "--no-restore");
            Assert.AreNotEqual(0, errors.ExitCode);
            StringAssert.Matches(errors.Output, new System.Text.RegularExpressions.Regex(@"PipelineMistakes\.cs\(\d+,\d+\): error PIPE0016: "));
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }

    [TestMethod]
    public void Invalid_pipeline_construct_is_a_build_error_at_its_line_and_writes_no_YAML()
    {
        var root = SampleWorkspace.EmptyWorkspace("badflow");
        try
        {
            SampleWorkspace.WriteProject(root, "BadFlow", """
                <Project Sdk="Pipelines.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><PipelineBuildImages>false</PipelineBuildImages></PropertyGroup>
                </Project>
                """, ("Flow.cs", """
                using Pipelines;
                namespace BadFlow;
                public static class Steps
                {
                    [Component] public static int Make() => 1;
                    [Component] public static void Report(string text) { }
                }
                public static class Flow
                {
                    [Pipeline(Name = "bad-flow")]
                    public static void Define(PipelineBuilder p)
                    {
                        var make = StepsTasks.Make();
                        p.If(make.Output == 1, () =>
                            p.ExitHandler(() => StepsTasks.Report("done"), () => StepsTasks.Make()));
                    }
                }
                """));

            var result = DotnetCli.Dotnet(root, "build", "BadFlow");

            Assert.AreNotEqual(0, result.ExitCode, result.Output);
            StringAssert.Matches(result.Output, new System.Text.RegularExpressions.Regex(@"Flow\.cs\(1[45]\): error PIPE30\d\d: pipeline 'bad-flow'"));
            Assert.IsFalse(File.Exists(Path.Combine(root, "BadFlow", "bin", "Debug", "net10.0", "pipelines", "bad-flow.yaml")));
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }
}
