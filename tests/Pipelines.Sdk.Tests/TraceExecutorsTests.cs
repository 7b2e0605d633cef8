using System.Text.Json.Nodes;
using Pipelines.Sdk.Tasks;

namespace Pipelines.Sdk.Tests;

/// <summary>The trace sees placeholders instead of images, and the images are put back exactly where the trace wrote
/// them: the YAML is what tracing with the images gives, while the traced IR does not depend on images.</summary>
[TestClass]
public sealed class TraceExecutorsTests
{
    private static JsonObject Executors() => new()
    {
        ["train"] = new JsonObject { ["image"] = "reg/churn/train:fp-1111@sha256:aa", ["command"] = new JsonArray("dotnet", "/app/Churn.dll") },
        ["summarize"] = new JsonObject
        {
            ["image"] = "python:3.12",
            ["container"] = new JsonObject { ["image"] = "python:3.12", ["command"] = new JsonArray("python", "-c", "print(1)") },
        },
        ["check"] = new JsonObject { ["image"] = "reg/dq/check:fp-2222@sha256:bb", ["command"] = new JsonArray("dotnet", "/app/Dq.dll"), ["library"] = "Dq 1.0.0" },
    };

    [TestMethod]
    public void Own_and_library_images_become_placeholders_and_imported_containers_stay_verbatim()
    {
        var (traced, images) = TraceExecutors.Of(Executors());

        Assert.AreEqual(TraceExecutors.Placeholder("train"), traced["train"]!["image"]!.GetValue<string>());
        Assert.AreEqual(TraceExecutors.Placeholder("check"), traced["check"]!["image"]!.GetValue<string>());
        Assert.AreEqual("Dq 1.0.0", traced["check"]!["library"]!.GetValue<string>());
        Assert.IsTrue(JsonNode.DeepEquals(Executors()["summarize"], traced["summarize"]), "an imported component's container is what the trace depends on");
        Assert.IsTrue(JsonNode.DeepEquals(Executors()["train"]!["command"], traced["train"]!["command"]));
        Assert.AreEqual("reg/churn/train:fp-1111@sha256:aa", images[TraceExecutors.Placeholder("train")]);
        Assert.HasCount(2, images);

        // A new image for train: the traced executors are the same, so the trace is not redone for it.
        var changed = Executors();
        changed["train"]!["image"] = "reg/churn/train:fp-3333@sha256:cc";
        Assert.AreEqual(traced.ToJsonString(), TraceExecutors.Of(changed).Executors.ToJsonString());
    }

    [TestMethod]
    public void Filling_puts_each_image_where_its_placeholder_was_and_reports_one_without_an_image()
    {
        var (_, images) = TraceExecutors.Of(Executors());
        var ir = new JsonObject
        {
            ["deploymentSpec"] = new JsonObject
            {
                ["executors"] = new JsonObject
                {
                    ["exec-train"] = new JsonObject { ["container"] = new JsonObject { ["image"] = TraceExecutors.Placeholder("train"), ["args"] = new JsonArray("--function_to_execute", "train") } },
                    ["exec-check"] = new JsonObject { ["container"] = new JsonObject { ["image"] = TraceExecutors.Placeholder("check") } },
                },
            },
            ["list"] = new JsonArray(TraceExecutors.Placeholder("train"), "train"),
        };

        Assert.IsNull(TraceExecutors.FillImages(ir, images));

        Assert.AreEqual("reg/churn/train:fp-1111@sha256:aa", ir["deploymentSpec"]!["executors"]!["exec-train"]!["container"]!["image"]!.GetValue<string>());
        Assert.AreEqual("reg/dq/check:fp-2222@sha256:bb", ir["deploymentSpec"]!["executors"]!["exec-check"]!["container"]!["image"]!.GetValue<string>());
        Assert.AreEqual("reg/churn/train:fp-1111@sha256:aa", ir["list"]![0]!.GetValue<string>());
        Assert.AreEqual("train", ir["list"]![1]!.GetValue<string>(), "other strings are left alone");

        var stale = new JsonObject { ["image"] = TraceExecutors.Placeholder("gone") };
        Assert.AreEqual(TraceExecutors.Placeholder("gone"), TraceExecutors.FillImages(stale, images));
    }
}
