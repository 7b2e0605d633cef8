using Pipelines.Sdk.Manifest;

namespace Pipelines.Sdk.Tests;

/// <summary>The fingerprint tag, and what the build says changed in a component's fingerprint inputs.</summary>
[TestClass]
public sealed class FingerprintChangesTests
{
    [TestMethod]
    public void The_tag_is_the_first_16_hex_digits_and_a_valid_reference()
    {
        var tag = ComponentImageName.FingerprintTag("026d41502d881d1f007119f57b04b77bb2fed9a55b01682fc74b5ec98936f7d6");
        Assert.AreEqual("fp-026d41502d881d1f", tag);
        Assert.IsTrue(Pipelines.Images.ImageReference.TryParse("registry.example:5000/churn/train:" + tag, out _));
    }

    [TestMethod]
    [DataRow("method [ChurnPrediction.Pipeline]ChurnPrediction.ModelSteps::Train Default Void([Pipelines]Pipelines.Input<[Pipelines]Pipelines.Dataset>)", "ModelSteps.Train")]
    [DataRow("method [ChurnPrediction.Pipeline]ChurnPrediction.ModelSteps/<ToExamples>d__#::MoveNext Default instance Boolean()", "ModelSteps.ToExamples")]
    [DataRow("method [ChurnPrediction.Pipeline]ChurnPrediction.ModelSteps/<>c::<Train>b__#_0 Default instance Boolean(Double)", "ModelSteps.Train")]
    [DataRow("method [ChurnPrediction.Features]ChurnPrediction.Features.Table::get_RowCount Default instance Int32()", "Table.RowCount")]
    [DataRow("type [ChurnPrediction.Features]ChurnPrediction.Features.Imputer", "ChurnPrediction.Features.Imputer")]
    [DataRow("package Microsoft.ML/5.0.1", "package Microsoft.ML/5.0.1")]
    [DataRow("setting base image config", "base image config")]
    public void An_input_is_named_as_a_user_knows_it(string key, string expected) =>
        Assert.AreEqual(expected, FingerprintChanges.Readable(key));

    [TestMethod]
    public void Changed_added_and_removed_inputs_are_listed_once_each()
    {
        var before = new Dictionary<string, string>
        {
            ["method [A]A.Steps::Train Default Void()"] = "1",
            ["method [A]A.Steps/<Train>d__#::MoveNext Default instance Boolean()"] = "2",
            ["type [B]B.Imputer"] = "3",
            ["setting user"] = "1654",
        };
        var after = new Dictionary<string, string>(before)
        {
            ["method [A]A.Steps::Train Default Void()"] = "9",
            ["method [A]A.Steps/<Train>d__#::MoveNext Default instance Boolean()"] = "8",
            ["package X/2.0.0"] = "7",
        };
        after.Remove("type [B]B.Imputer");
        Assert.AreEqual("changed: B.Imputer, Steps.Train, package X/2.0.0", FingerprintChanges.Describe(before, after));
        Assert.AreEqual("unchanged", FingerprintChanges.Describe(before, before));
    }
}
