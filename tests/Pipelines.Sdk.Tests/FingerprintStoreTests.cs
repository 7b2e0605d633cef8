using Pipelines.Fingerprints;
using Pipelines.Sdk.Manifest;

namespace Pipelines.Sdk.Tests;

/// <summary>The record of the previous build's fingerprints: what it says changed, and that a build touches only the
/// files of components whose fingerprint changed.</summary>
[TestClass]
public sealed class FingerprintStoreTests
{
    private string _dir = "";

    [TestInitialize]
    public void Create() => _dir = Path.Combine(Path.GetTempPath(), "fingerprint-store-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void Delete()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static ComponentFingerprint Fingerprint(string name, params (string Key, string Value)[] inputs) =>
        new(name, new SortedDictionary<string, string>(inputs.ToDictionary(i => i.Key, i => i.Value), StringComparer.Ordinal));

    [TestMethod]
    public void It_describes_against_the_last_save_and_rewrites_only_what_changed()
    {
        var train = Fingerprint("train", ("method [App]App.Steps::Train Default Void()", "1"), ("type [App]App.Steps", "1"));
        var clean = Fingerprint("clean", ("method [App]App.Steps::Clean Default Void()", "1"));
        var first = new FingerprintStore(_dir);
        Assert.AreEqual("first build", first.Describe(train));
        first.Save([train, clean]);
        var cleanFile = Path.Combine(_dir, "clean.json");
        var cleanTime = File.GetLastWriteTimeUtc(cleanFile);
        Thread.Sleep(20);

        var edited = Fingerprint("train", ("method [App]App.Steps::Train Default Void()", "2"), ("type [App]App.Steps", "1"));
        var second = new FingerprintStore(_dir);
        Assert.AreEqual("unchanged", second.Describe(clean));
        Assert.AreEqual("changed: Steps.Train", second.Describe(edited));
        second.Save([edited, clean]);
        Assert.AreEqual(cleanTime, File.GetLastWriteTimeUtc(cleanFile), "an unchanged component's record is not rewritten");
        Assert.AreEqual("unchanged", new FingerprintStore(_dir).Describe(edited));

        // A component gone: its record goes too.
        new FingerprintStore(_dir).Save([edited]);
        Assert.IsFalse(File.Exists(cleanFile));
        Assert.AreEqual("first build", new FingerprintStore(_dir).Describe(clean));
        CollectionAssert.AreEquivalent(new[] { "digests.json", "train.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void A_damaged_or_cleared_record_is_a_first_build()
    {
        var train = Fingerprint("train", ("method [App]App.Steps::Train Default Void()", "1"));
        new FingerprintStore(_dir).Save([train]);
        File.WriteAllText(Path.Combine(_dir, "digests.json"), "{ not json");
        Assert.AreEqual("first build", new FingerprintStore(_dir).Describe(train));

        var store = new FingerprintStore(_dir);
        store.Save([train]);
        var changed = Fingerprint("train", ("method [App]App.Steps::Train Default Void()", "2"));
        File.WriteAllText(Path.Combine(_dir, "train.json"), "[]");
        Assert.AreEqual("first build", new FingerprintStore(_dir).Describe(changed), "inputs that cannot be read: nothing to compare with");

        store.Clear();
        Assert.IsFalse(Directory.Exists(_dir));
        Assert.AreEqual("first build", store.Describe(train));
    }
}
