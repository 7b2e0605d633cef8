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
}
