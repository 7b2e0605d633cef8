namespace Pipelines.Tests;

// The component of KFP's test_data/pipelines/pipeline_with_placeholders.py: print_op(msg: str, value: str).

public static class PlaceholderSteps
{
    [Component(Name = "print-op")]
    public static string PrintOp(string msg, string value) => msg + " " + value;
}
