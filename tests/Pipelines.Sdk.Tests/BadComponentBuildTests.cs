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
        string root = SampleWorkspace.EmptyWorkspace("bad");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Bad"));
            File.WriteAllText(Path.Combine(root, "Bad", "Bad.csproj"), """
                <Project Sdk="Pipelines.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(root, "Bad", "Steps.cs"), """
                using Pipelines;
                namespace Bad;
                public class Steps
                {
                    [Component]
                    public int Count(string text) => text.Length;

                    [Component]
                    public static void Upload(object payload) { }
                }
                """);

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

    [TestMethod]
    public void CommonMistakes_sample_shows_each_analyzer_warning_with_its_code_line_and_help_link()
    {
        string root = SampleWorkspace.CopySample("CommonMistakes");
        try
        {
            var build = DotnetCli.Dotnet(root, "build", "CommonMistakes", "-p:PipelineBuildImages=false").AssertSuccess("CommonMistakes builds (warnings only)");
            foreach (var id in new[] { "PIPE0012", "PIPE0013", "PIPE0014", "PIPE0015", "PIPE0017", "PIPE0018", "PIPE0019", "PIPE0020", "PIPE0021", "PIPE0022" })
                StringAssert.Matches(build.Output, new System.Text.RegularExpressions.Regex(
                    $@"ComponentMistakes\.cs\(\d+,\d+\): warning {id}: .*\(https://[^)]*/docs/diagnostics/{id}\.md\)"), id);

            var errors = DotnetCli.Dotnet(root, "build", "CommonMistakes", "-p:PipelineBuildImages=false", "-p:ShowErrors=true", "--no-restore");
            Assert.AreNotEqual(0, errors.ExitCode);
            StringAssert.Matches(errors.Output, new System.Text.RegularExpressions.Regex(@"PipelineMistakes\.cs\(\d+,\d+\): error PIPE0016: "));
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }
}
