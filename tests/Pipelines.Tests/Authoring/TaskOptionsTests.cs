namespace Pipelines.Tests.Authoring;

/// <summary>Fluent task options and their Kubernetes quantity validation (the KFP SDK's rules, docs/kfp-contract.md#executors).</summary>
[TestClass]
public sealed class TaskOptionsTests
{
    private static StepsTasks.CleanTask NewTask() => new();

    [TestMethod]
    [DataRow("2")]
    [DataRow("500m")]
    [DataRow("0.5")]
    [DataRow("1.25")]
    [DataRow("100m")]
    [DataRow("16")]
    public void AcceptsCpuQuantities(string cpu)
    {
        var task = NewTask().WithCpuLimit(cpu).WithCpuRequest(cpu);
        Assert.AreEqual(cpu, task.Settings.CpuLimit);
        Assert.AreEqual(cpu, task.Settings.CpuRequest);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(" ")]
    [DataRow("2 cores")]
    [DataRow("-1")]
    [DataRow("1.5.2")]
    [DataRow("m")]
    [DataRow("2M")]
    [DataRow("1e3")]
    [DataRow(" 2")]
    [DataRow("2m ")]
    [DataRow("{{$.inputs.parameters['cpu']}}")]
    public void RejectsInvalidCpuQuantities(string cpu)
    {
        var task = NewTask();
        var limit = Assert.ThrowsExactly<ArgumentException>(() => task.WithCpuLimit(cpu));
        Assert.Contains($"'{cpu}' is not a CPU quantity", limit.Message);
        Assert.AreEqual("cpu", limit.ParamName);
        Assert.ThrowsExactly<ArgumentException>(() => task.WithCpuRequest(cpu));
        Assert.IsNull(task.Settings.CpuLimit);
        Assert.IsNull(task.Settings.CpuRequest);
    }

    [TestMethod]
    public void RejectsANullCpuQuantity() => Assert.ThrowsExactly<ArgumentException>(() => NewTask().WithCpuLimit(null!));

    [TestMethod]
    [DataRow("4Gi")]
    [DataRow("256Mi")]
    [DataRow("1000")]
    [DataRow("1G")]
    [DataRow("2Ti")]
    [DataRow("1E")]
    [DataRow("1Ei")]
    [DataRow("3P")]
    [DataRow("3Pi")]
    [DataRow("5K")]
    [DataRow("5Ki")]
    [DataRow("7M")]
    [DataRow("9T")]
    public void AcceptsMemoryQuantities(string memory)
    {
        var task = NewTask().WithMemoryLimit(memory).WithMemoryRequest(memory);
        Assert.AreEqual(memory, task.Settings.MemoryLimit);
        Assert.AreEqual(memory, task.Settings.MemoryRequest);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("4gb")]
    [DataRow("4GB")]
    [DataRow("4GiB")]
    [DataRow("4gi")]
    [DataRow("1.5Gi")]
    [DataRow("Gi")]
    [DataRow("-1Gi")]
    [DataRow("4 Gi")]
    [DataRow("1k")]
    [DataRow("500m")]
    public void RejectsInvalidMemoryQuantities(string memory)
    {
        var task = NewTask();
        var limit = Assert.ThrowsExactly<ArgumentException>(() => task.WithMemoryLimit(memory));
        Assert.Contains($"'{memory}' is not a memory quantity", limit.Message);
        Assert.AreEqual("memory", limit.ParamName);
        Assert.ThrowsExactly<ArgumentException>(() => task.WithMemoryRequest(memory));
        Assert.IsNull(task.Settings.MemoryLimit);
        Assert.IsNull(task.Settings.MemoryRequest);
    }

    [TestMethod]
    [DataRow("2", 2.0)]
    [DataRow("500m", 0.5)]
    [DataRow("250m", 0.25)]
    [DataRow("1.5", 1.5)]
    [DataRow("1000m", 1.0)]
    public void CpuCoresIsTheNumericMirror(string cpu, double cores) => Assert.AreEqual(cores, TaskOptions.CpuCores(cpu));

    [TestMethod]
    [DataRow("4Gi", 4.294967296)]
    [DataRow("256Mi", 0.268435456)]
    [DataRow("1G", 1.0)]
    [DataRow("1000", 1e-6)]
    [DataRow("5K", 5e-6)]
    [DataRow("3Ki", 3.072e-6)]
    [DataRow("7M", 0.007)]
    [DataRow("2Ti", 2199.023255552)]
    [DataRow("1T", 1000.0)]
    public void MemoryGigabytesIsTheDecimalGbMirror(string memory, double gigabytes) =>
        Assert.AreEqual(gigabytes, TaskOptions.MemoryGigabytes(memory), 1e-12);

    [TestMethod]
    public void RetriesValidateCountAndFactor()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NewTask().WithRetries(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NewTask().WithRetries(1, factor: 0.5));
        var task = NewTask().WithRetries(0);
        Assert.AreEqual(new RetrySettings(0, TimeSpan.Zero, 2.0, TimeSpan.FromHours(1)), task.Settings.Retry);
        task.WithRetries(3, TimeSpan.FromSeconds(5), 1.0, TimeSpan.FromMinutes(1));
        Assert.AreEqual(new RetrySettings(3, TimeSpan.FromSeconds(5), 1.0, TimeSpan.FromMinutes(1)), task.Settings.Retry);
    }

    [TestMethod]
    public void AcceleratorValidatesTypeAndCount()
    {
        Assert.ThrowsExactly<ArgumentException>(() => NewTask().WithAccelerator(""));
        Assert.ThrowsExactly<ArgumentException>(() => NewTask().WithAccelerator("  "));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NewTask().WithAccelerator("nvidia.com/gpu", -1));
        var task = NewTask().WithAccelerator("nvidia.com/gpu");
        Assert.AreEqual("nvidia.com/gpu", task.Settings.AcceleratorType);
        Assert.AreEqual(1, task.Settings.AcceleratorCount);
    }

    [TestMethod]
    public void DisplayNameEnvAndCachingValidateTheirArguments()
    {
        Assert.ThrowsExactly<ArgumentException>(() => NewTask().WithDisplayName(" "));
        Assert.ThrowsExactly<ArgumentNullException>(() => NewTask().WithDisplayName(null!));
        Assert.ThrowsExactly<ArgumentException>(() => NewTask().WithEnv("", "x"));
        var task = NewTask().WithEnv("A", null!).WithCaching(false).WithDisplayName("Shown");
        Assert.AreEqual("", task.Settings.Env["A"]);
        Assert.IsFalse(task.Settings.EnableCache);
        Assert.AreEqual("Shown", task.Settings.DisplayName);
        Assert.IsTrue(NewTask().Settings.EnableCache, "caching is on by default");
    }

    [TestMethod]
    public void AfterRejectsItselfAndNull()
    {
        var self = Assert.ThrowsExactly<ArgumentException>(() => PipelineCompiler.Compile(
            new PipelineRegistration("self", null, null, "{}", _ =>
            {
                var t = ChurnTasks.Preprocess();
                t.After(t);
            }), TestRegistrations.Executors));
        Assert.Contains("'preprocess' cannot run after itself", self.Message);
        Assert.ThrowsExactly<ArgumentNullException>(() => NewTask().After(null!, null!));
    }

    [TestMethod]
    public void OptionsReturnTheSameTypedTask()
    {
#pragma warning disable IDE0007 // the declared type is what this test checks
        StepsTasks.CleanTask task = NewTask().WithCpuLimit("1").WithMemoryLimit("1Gi").WithRetries(1).WithEnv("A", "b").WithCaching(true).WithDisplayName("d").WithAccelerator("x");
#pragma warning restore IDE0007
        Assert.IsNotNull(task.Outputs);
    }
}
