using System.Text;
using System.Text.Json.Nodes;

namespace Pipelines.Fingerprints.Tests;

/// <summary>
/// The .deps.json of a trimmed image: packages left out disappear from <c>targets</c>, <c>libraries</c> and every
/// <c>dependencies</c> list together (the host refuses to start on a listed assembly that is missing), the bytes are the
/// same for the same input, and which packages a component's image keeps follows the safety rules.
/// </summary>
[TestClass]
public sealed class DependencyManifestTests
{
    // The app (a project) with a project reference (Lib) and packages: Big depends on Shared and on Native (native assets
    // only, nothing references it), Helpers on Shared; Pipelines stands alone.
    private const string Deps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0", "signature": "" },
          "compilationOptions": {},
          "targets": {
            ".NETCoreApp,Version=v10.0": {
              "App/1.0.0": {
                "dependencies": { "Big": "2.0.0", "Helpers": "1.0.0", "Lib": "1.0.0", "Pipelines": "1.0.0" },
                "runtime": { "App.dll": {} }
              },
              "Big/2.0.0": {
                "dependencies": { "Native": "2.0.0", "Shared": "1.0.0" },
                "runtime": { "lib/net10.0/Big.dll": { "assemblyVersion": "2.0.0.0", "fileVersion": "2.0.0.0" } }
              },
              "Helpers/1.0.0": {
                "dependencies": { "Shared": "1.0.0" },
                "runtime": { "lib/net10.0/Helpers.dll": {} }
              },
              "Native/2.0.0": {
                "runtimeTargets": { "runtimes/linux-x64/native/libnative.so": { "rid": "linux-x64", "assetType": "native" } }
              },
              "Pipelines/1.0.0": { "runtime": { "lib/net10.0/Pipelines.dll": {} } },
              "Shared/1.0.0": { "runtime": { "lib/net10.0/Shared.dll": {} } },
              "Lib/1.0.0": { "runtime": { "Lib.dll": { "assemblyVersion": "1.0.0.0", "fileVersion": "1.0.0.0" } } }
            }
          },
          "libraries": {
            "App/1.0.0": { "type": "project", "serviceable": false, "sha512": "" },
            "Big/2.0.0": { "type": "package", "serviceable": true, "sha512": "sha512-Bi+g==", "path": "big/2.0.0", "hashPath": "big.2.0.0.nupkg.sha512" },
            "Helpers/1.0.0": { "type": "package", "serviceable": true, "sha512": "sha512-He+l==", "path": "helpers/1.0.0", "hashPath": "helpers.1.0.0.nupkg.sha512" },
            "Native/2.0.0": { "type": "package", "serviceable": true, "sha512": "sha512-Na+t==", "path": "native/2.0.0", "hashPath": "native.2.0.0.nupkg.sha512" },
            "Pipelines/1.0.0": { "type": "package", "serviceable": true, "sha512": "sha512-Pi+p==", "path": "pipelines/1.0.0", "hashPath": "pipelines.1.0.0.nupkg.sha512" },
            "Shared/1.0.0": { "type": "package", "serviceable": true, "sha512": "sha512-Sh+a==", "path": "shared/1.0.0", "hashPath": "shared.1.0.0.nupkg.sha512" },
            "Lib/1.0.0": { "type": "project", "serviceable": false, "sha512": "" }
          }
        }
        """;

    [TestMethod]
    public void Dependencies_are_followed_transitively_including_packages_nothing_references()
    {
        var manifest = DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps));
        CollectionAssert.AreEquivalent(new[] { "Big/2.0.0", "Helpers/1.0.0", "Native/2.0.0", "Pipelines/1.0.0", "Shared/1.0.0" }, manifest.Packages.ToArray());
        CollectionAssert.AreEqual(new[] { "Big/2.0.0", "Native/2.0.0", "Shared/1.0.0" }, manifest.WithDependencies(["big/2.0.0"]).ToArray(),
            "the file's spelling, ids compared ignoring case; Native comes with Big though no assembly references it");
        CollectionAssert.AreEqual(new[] { "Helpers/1.0.0", "Pipelines/1.0.0", "Shared/1.0.0" }, manifest.WithDependencies(["Helpers/1.0.0", "Pipelines/1.0.0"]).ToArray());
    }

    [TestMethod]
    public void A_trimmed_manifest_drops_a_package_from_targets_libraries_and_every_dependency_list()
    {
        var manifest = DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps));
        var bytes = manifest.Trim(manifest.WithDependencies(["Helpers/1.0.0", "Pipelines/1.0.0"]));
        var trimmed = JsonNode.Parse(bytes)!.AsObject();

        var expected = new[] { "App/1.0.0", "Helpers/1.0.0", "Pipelines/1.0.0", "Shared/1.0.0", "Lib/1.0.0" };
        var target = trimmed["targets"]![".NETCoreApp,Version=v10.0"]!.AsObject();
        CollectionAssert.AreEqual(expected, target.Select(e => e.Key).ToArray(), "targets: the kept libraries, projects included, in the file's order");
        CollectionAssert.AreEqual(expected, trimmed["libraries"]!.AsObject().Select(e => e.Key).ToArray(), "libraries: the same");
        CollectionAssert.AreEqual(new[] { "Helpers", "Lib", "Pipelines" }, target["App/1.0.0"]!["dependencies"]!.AsObject().Select(d => d.Key).ToArray());
        foreach (var (key, entry) in target)
        {
            foreach (var (id, version) in entry!["dependencies"]?.AsObject() ?? [])
                Assert.IsTrue(trimmed["libraries"]!.AsObject().ContainsKey($"{id}/{version}"), $"{key} depends on {id}/{version}, which is listed");
        }
        Assert.AreEqual("sha512-He+l==", trimmed["libraries"]!["Helpers/1.0.0"]!["sha512"]!.GetValue<string>());
        Assert.AreEqual(".NETCoreApp,Version=v10.0", trimmed["runtimeTarget"]!["name"]!.GetValue<string>(), "everything else as it was");

        var text = Encoding.UTF8.GetString(bytes);
        Assert.IsFalse(text.Contains('\r'), "LF line ends");
        StringAssert.EndsWith(text, "}\n");
        StringAssert.Contains(text, "\"sha512-He+l==\"", "'+' written as the SDK writes it");
        Assert.IsFalse(text.Contains("Big", StringComparison.Ordinal) || text.Contains("Native", StringComparison.Ordinal), text);
    }

    [TestMethod]
    public void The_same_manifest_and_packages_give_the_same_bytes()
    {
        var keep = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "Pipelines/1.0.0" };
        var once = DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps)).Trim(keep);
        var again = DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps)).Trim(keep);
        CollectionAssert.AreEqual(once, again);
        // The same content written differently (no indentation, CRLF) is the same file for the host, and gives the same bytes.
        var reformatted = JsonNode.Parse(Deps)!.ToJsonString().Replace("{", "{\r\n  ", StringComparison.Ordinal);
        CollectionAssert.AreEqual(once, DependencyManifest.Parse(Encoding.UTF8.GetBytes(reformatted)).Trim(keep));
        // Trimming to every package is the whole file, rewritten.
        var all = DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps));
        Assert.AreEqual(7, JsonNode.Parse(all.Trim(all.WithDependencies(all.Packages)))!["libraries"]!.AsObject().Count);
    }

    [TestMethod]
    public void The_fingerprinted_form_leaves_out_project_versions_only()
    {
        var keep = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "Pipelines/1.0.0" };
        var bumped = Deps.Replace("App/1.0.0", "App/1.0.1").Replace("\"Lib\": \"1.0.0\"", "\"Lib\": \"1.0.1\"").Replace("Lib/1.0.0", "Lib/1.0.1")
            .Replace("\"assemblyVersion\": \"1.0.0.0\", \"fileVersion\": \"1.0.0.0\"", "\"assemblyVersion\": \"1.0.1.0\", \"fileVersion\": \"1.0.1.0\"");
        Assert.AreNotEqual(Deps, bumped);
        var before = DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps));
        var after = DependencyManifest.Parse(Encoding.UTF8.GetBytes(bumped));
        CollectionAssert.AreEqual(before.Trim(keep, maskProjectVersions: true), after.Trim(keep, maskProjectVersions: true), "a version bump is not an input");
        CollectionAssert.AreNotEqual(before.Trim(keep), after.Trim(keep), "the image's own copy keeps the versions");
        var packageBumped = DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps.Replace("sha512-Pi+p==", "sha512-Pi+q==")));
        CollectionAssert.AreNotEqual(before.Trim(keep, maskProjectVersions: true), packageBumped.Trim(keep, maskProjectVersions: true), "a kept package's entry is");
    }

    [TestMethod]
    public void A_file_that_is_not_a_deps_json_is_refused_with_a_JsonException()
    {
        Assert.ThrowsExactly<System.Text.Json.JsonException>(() => DependencyManifest.Parse("{}"u8));
        Assert.ThrowsExactly<System.Text.Json.JsonException>(() => DependencyManifest.Parse(Encoding.UTF8.GetBytes(Deps.Replace("\"Shared\": \"1.0.0\" },", "\"Shared\": 1 },"))));
    }

    private const string App = """
        using System;
        using Pipelines;
        using Helpers;

        namespace App;

        public static class Steps
        {
            [Component] public static int Plain(int x) => x + 1;
            [Component] public static int UsesHelper(int x) => MathHelpers.Triple(x);
            [Component] public static string ByName(string t) => Type.GetType(t)?.Name ?? "";
        }
        """;

    private const string Helpers = """
        namespace Helpers;

        public static class MathHelpers
        {
            public static int Triple(int x) => x * 3;
        }
        """;

    private const string AppDeps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" },
          "targets": {
            ".NETCoreApp,Version=v10.0": {
              "App/1.0.0": { "dependencies": { "Helpers": "1.0.0", "Pipelines": "1.0.0", "Unused": "3.0.0" }, "runtime": { "App.dll": {} } },
              "Helpers/1.0.0": { "runtime": { "Helpers.dll": {} } },
              "Pipelines/1.0.0": { "runtime": { "Pipelines.dll": {} } },
              "Unused/3.0.0": { "runtime": { "Unused.dll": {} } }
            }
          },
          "libraries": {
            "App/1.0.0": { "type": "project" },
            "Helpers/1.0.0": { "type": "package" },
            "Pipelines/1.0.0": { "type": "package" },
            "Unused/3.0.0": { "type": "package" }
          }
        }
        """;

    [TestMethod]
    public void A_component_image_keeps_the_packages_it_reaches_and_those_the_entry_point_needs_and_all_when_it_finds_code_by_name()
    {
        var fingerprints = TestApp.FingerprintTrimmed(App, Helpers, AppDeps);

        CollectionAssert.AreEquivalent(new[] { "Pipelines/1.0.0" }, fingerprints["plain"].ImagePackages!.ToArray(), "the runtime the entry point starts with, nothing else");
        CollectionAssert.AreEquivalent(new[] { "Helpers/1.0.0", "Pipelines/1.0.0" }, fingerprints["uses-helper"].ImagePackages!.ToArray());
        var plainDeps = Encoding.UTF8.GetString(fingerprints["plain"].DependencyManifest!);
        Assert.IsFalse(plainDeps.Contains("Helpers", StringComparison.Ordinal) || plainDeps.Contains("Unused", StringComparison.Ordinal), plainDeps);

        // Every package the image carries, and the trimmed manifest, are inputs; packages it does not carry are not.
        Assert.IsTrue(fingerprints["plain"].Inputs!.ContainsKey("package Pipelines/1.0.0"));
        Assert.IsFalse(fingerprints["plain"].Inputs!.ContainsKey("package Helpers/1.0.0"));
        Assert.IsTrue(fingerprints["plain"].Inputs!.ContainsKey("dependency manifest"));
        Assert.AreNotEqual(fingerprints["plain"].Inputs!["dependency manifest"], fingerprints["uses-helper"].Inputs!["dependency manifest"]);

        // Reflection by name: static reach is unknowable, so the image keeps every package (the app's own .deps.json) and each one counts.
        Assert.IsNull(fingerprints["by-name"].ImagePackages);
        Assert.IsNull(fingerprints["by-name"].DependencyManifest);
        foreach (var package in new[] { "Helpers/1.0.0", "Pipelines/1.0.0", "Unused/3.0.0" })
            Assert.IsTrue(fingerprints["by-name"].Inputs!.ContainsKey("package " + package), package);

        // A new build of the package: the components whose images carry it change, the others keep their images.
        var bumped = TestApp.FingerprintTrimmed(App, Helpers.Replace("x * 3", "x * 4"), AppDeps);
        CollectionAssert.AreEquivalent(new[] { "by-name", "uses-helper" }, fingerprints.Keys.Where(c => fingerprints[c].Digest != bumped[c].Digest).ToArray());

        // The same app, not trimmed: the component's inputs as before, no image package set.
        var untrimmed = TestApp.Fingerprint(App, Helpers, helpersAsPackage: true, content: null);
        Assert.IsNull(untrimmed["plain"].ImagePackages);
        Assert.IsFalse(untrimmed["plain"].Inputs!.ContainsKey("dependency manifest"));
        Assert.AreNotEqual(untrimmed["plain"].Digest, fingerprints["plain"].Digest);
    }
}
