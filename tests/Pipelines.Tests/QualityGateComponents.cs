namespace Pipelines.Tests;

// "Publish a report, then fail": KFP's launcher uploads no artifact of a failed task, so the report
// is published by a task that succeeds, and a second task fails the run when the check did not pass.

public static class Gate
{
    [Component(Name = "check-quality")]
    [return: Output("passed")]
    public static bool Check(int rows, Output<Markdown> report, int minRows = 100)
    {
        var passed = rows >= minRows;
        File.WriteAllText(report.Path, $"# Quality\n\n{rows} rows (minimum {minRows}): {(passed ? "passed" : "FAILED")}\n");
        report.Metadata["rows"] = rows;
        return passed;
    }

    /// <summary>Fails the task, and with it the run: the second half of the pattern.</summary>
    [Component(Name = "fail-run")]
    public static void FailRun(string reason) => throw new InvalidOperationException(reason);

    /// <summary>The tempting one-task form: the report is written, then the task fails, and KFP publishes neither.</summary>
    [Component(Name = "check-and-throw")]
    public static void CheckAndThrow(int rows, Output<Markdown> report)
    {
        File.WriteAllText(report.Path, $"{rows} rows");
        report.Metadata["rows"] = rows;
        throw new InvalidOperationException($"only {rows} rows");
    }
}

public static class GatePipelines
{
    [Pipeline(Name = "quality-gate")]
    public static void Define(PipelineBuilder p, [Default(50)] Param<int> rows)
    {
        var check = GateTasks.Check(rows);
        p.If(check.Output == false, () => GateTasks.FailRun("quality check failed: see the check-quality task's report"))
         .Else(() => FlowTasks.Print("train"));
    }
}
