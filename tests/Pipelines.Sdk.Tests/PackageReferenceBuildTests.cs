using Pipelines.Sdk.Tests.Infrastructure;

namespace Pipelines.Sdk.Tests;

/// <summary>The SDK taken as a PackageReference of a Microsoft.NET.Sdk project (the package's build/ props and targets)
/// builds what <c>&lt;Project Sdk="Pipelines.Sdk"&gt;</c> builds from the same sources.</summary>
[TestClass]
public sealed class PackageReferenceBuildTests
{
    [TestMethod]
    public void HyperparameterSweep_as_a_PackageReference_writes_the_YAML_of_the_project_SDK_form()
    {
        var root = SampleWorkspace.CopySample("HyperparameterSweep");
        try
        {
            // The sample as it is, and beside it the same files as a PackageReference (same project name: same assembly).
            var asSdk = Path.Combine(root, "HyperparameterSweep");
            var asPackage = Path.Combine(root, "AsPackage");
            Directory.CreateDirectory(asPackage);
            foreach (var file in Directory.EnumerateFiles(asSdk)) File.Copy(file, Path.Combine(asPackage, Path.GetFileName(file)));
            var project = Path.Combine(asPackage, "HyperparameterSweep.csproj");
            var text = File.ReadAllText(project);
            StringAssert.Contains(text, "<Project Sdk=\"Pipelines.Sdk\">");
            File.WriteAllText(project, text.Replace("<Project Sdk=\"Pipelines.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">", StringComparison.Ordinal)
                .Replace("</Project>", "  <ItemGroup><PackageReference Include=\"Pipelines.Sdk\" Version=\"0.0.0-dev\" /></ItemGroup>\n</Project>", StringComparison.Ordinal));

            DotnetCli.Dotnet(root, "build", "HyperparameterSweep", "-p:PipelineBuildImages=false").AssertSuccess("build of the sample as a project SDK");
            // One build, restore included, as a user's first: the runtime library comes as the package's dependency, and the
            // generator and analyzers once (NuGet adds the package's analyzers/; the targets add them only for the SDK form).
            var build = DotnetCli.Dotnet(root, "build", "AsPackage", "-p:PipelineBuildImages=false").AssertSuccess("build of the sample as a PackageReference");
            Assert.DoesNotContain("warning", build.Output, build.Output);

            foreach (var folder in new[] { "components", "pipelines" })
            {
                var expected = Path.Combine(asSdk, "bin", "Debug", "net10.0", folder);
                var actual = Path.Combine(asPackage, "bin", "Debug", "net10.0", folder);
                var names = Directory.GetFiles(expected).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
                Assert.IsNotEmpty(names, folder);
                CollectionAssert.AreEqual(names, Directory.GetFiles(actual).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray(), folder);
                foreach (var name in names)
                    Assert.AreEqual(File.ReadAllText(Path.Combine(expected, name!)), File.ReadAllText(Path.Combine(actual, name!)), $"{folder}/{name}");
            }
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(asSdk, "bin", "Debug", "net10.0", "HyperparameterSweep.dll")),
                File.ReadAllBytes(Path.Combine(asPackage, "bin", "Debug", "net10.0", "HyperparameterSweep.dll")), "the same app assembly");
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }

    [TestMethod]
    public void A_Pipelines_runtime_of_another_version_than_the_SDK_stops_the_build_with_PIPE1016()
    {
        var root = SampleWorkspace.EmptyWorkspace("other-runtime");
        try
        {
            // A package named Pipelines at another version, in a feed of its own.
            SampleWorkspace.WriteProject(root, "OtherRuntime", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><PackageId>Pipelines</PackageId><Version>9.9.9</Version><AssemblyName>Pipelines</AssemblyName></PropertyGroup>
                </Project>
                """, ("Empty.cs", "namespace Pipelines { internal static class Empty { } }"));
            var feed = Path.Combine(root, "other-feed");
            DotnetCli.Dotnet(root, "pack", "OtherRuntime", "-o", feed).AssertSuccess("pack of a Pipelines 9.9.9");
            SampleWorkspace.AddPackageSource(root, "other", feed, "Pipelines");

            // The SDK as a package, and the project's own reference to that runtime (it wins over the SDK's dependency).
            SampleWorkspace.WriteProject(root, "App", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Pipelines.Sdk" Version="0.0.0-dev" />
                    <PackageReference Include="Pipelines" Version="9.9.9" />
                  </ItemGroup>
                </Project>
                """, ("Steps.cs", "public static class Steps { [Pipelines.Component] public static int One() => 1; }"));
            // A package folder of its own: the shared one must never hold a Pipelines 9.9.9.
            var build = DotnetCli.Dotnet(root, "build", "App", "-p:PipelineBuildImages=false", $"-p:RestorePackagesPath={Path.Combine(root, "packages")}");

            Assert.AreNotEqual(0, build.ExitCode, build.Output);
            StringAssert.Contains(build.Output, "error PIPE1016", build.Output);
            StringAssert.Contains(build.Output, "Pipelines runtime library 9.9.9, but Pipelines.Sdk 0.0.0-dev", build.Output);
        }
        finally
        {
            SampleWorkspace.TryDelete(root);
        }
    }
}
