namespace Pipelines.Tests.Execution;

/// <summary>KFP's URI → local path mapping (docs/kfp-contract.md#uri-to-local-path).</summary>
[TestClass]
public sealed class ArtifactPathsTests
{
    [TestMethod]
    [DataRow("gs://bucket/pipeline/run/task/model", "/gcs/bucket/pipeline/run/task/model")]
    [DataRow("minio://mlpipeline/v2/artifacts/churn-training/6f1c/train/3c2a/model", "/minio/mlpipeline/v2/artifacts/churn-training/6f1c/train/3c2a/model")]
    [DataRow("s3://my-bucket/a/b.csv", "/s3/my-bucket/a/b.csv")]
    [DataRow("oci://registry.example.com/org/model:1.0", "/oci/registry.example.com_org_model:1.0/models")]
    [DataRow("oci://ghcr.io/a/b/c@sha256:00ff", "/oci/ghcr.io_a_b_c@sha256:00ff/models")]
    [DataRow("/tmp/local_outputs/churn-training-2026-08-01-12-00-00-000000/train/model", "/tmp/local_outputs/churn-training-2026-08-01-12-00-00-000000/train/model")]
    [DataRow("relative/path", "relative/path")]
    [DataRow("https://example.com/data.csv", "https://example.com/data.csv")]
    [DataRow("GS://bucket/key", "GS://bucket/key")]
    [DataRow("", "")]
    public void MapsUrisLikeTheLauncher(string uri, string expected) =>
        Assert.AreEqual(expected, ArtifactPaths.ToLocalPath(uri));

    [TestMethod]
    [DataRow("minio://mlpipeline/v2/artifacts/p/r/t/u/data", "/kfp-workspace/.artifacts/minio/mlpipeline/v2/artifacts/p/r/t/u/data")]
    [DataRow("gs://bucket/key", "/kfp-workspace/.artifacts/gcs/bucket/key")]
    [DataRow("/local/path/data", "/kfp-workspace/.artifacts/local/path/data")]
    public void WorkspaceArtifactsLiveUnderTheWorkspace(string uri, string expected) =>
        Assert.AreEqual(expected, ArtifactPaths.ToLocalPath(uri, customPath: null, inWorkspace: true));

    [TestMethod]
    public void ACustomPathWins()
    {
        Assert.AreEqual("/mnt/data/x", ArtifactPaths.ToLocalPath("gs://bucket/key", "/mnt/data/x"));
        Assert.AreEqual("/mnt/data/x", ArtifactPaths.ToLocalPath("minio://b/k", "/mnt/data/x", inWorkspace: true));
        Assert.AreEqual("/gcs/bucket/key", ArtifactPaths.ToLocalPath("gs://bucket/key", ""), "an empty customPath is no customPath");
    }
}
