using Pipelines.Sdk.Manifest;

namespace Pipelines.Sdk.Tests;

/// <summary>The image name the image step builds under is the one the executor names without images.</summary>
[TestClass]
public sealed class ComponentImageNameTests
{
    [TestMethod]
    [DataRow("churn", "train", "churn/train")]
    [DataRow(" /team/churn/ ", "train", "team/churn/train")]
    [DataRow("", "train", "train")]
    public void RepositoryIsPrefixSlashComponent(string prefix, string component, string expected) =>
        Assert.AreEqual(expected, ComponentImageName.Repository(prefix, component));

    [TestMethod]
    [DataRow(null, "churn/train", "churn/train")]
    [DataRow("", "churn/train", "churn/train")]
    [DataRow("localhost:5000/", "churn/train", "localhost:5000/churn/train")]
    public void NamePutsTheRegistryInFront(string? registry, string repository, string expected) =>
        Assert.AreEqual(expected, ComponentImageName.Name(registry, repository));

    [TestMethod]
    public void ExecutorImageWithoutBuildIsTheSameName()
    {
        var name = ComponentImageName.Name("registry.example:5000", ComponentImageName.Repository("churn", "train"));
        Assert.AreEqual(name + ":1.0.0", ComponentImageName.For("train", image: null, "registry.example:5000", "churn", "1.0.0"));
        Assert.AreEqual("my/image:2", ComponentImageName.For("train", image: " my/image:2 ", "registry.example:5000", "churn", "1.0.0"));
        Assert.ThrowsExactly<FormatException>(() => ComponentImageName.For("train", null, null, "Upper Case", "1.0.0"));
    }
}
