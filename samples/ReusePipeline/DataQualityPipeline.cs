using DataQuality;

namespace ReusePipeline;

public static class DataQualityPipeline
{
    [Pipeline(Name = "data-quality", Description = "Impute and check data with the shared DataQualityLibrary, report with a Python component")]
    public static void Define(PipelineBuilder p, [Default(500)] Param<int> rows, [Default("median")] Param<string> strategy)
    {
        var data = ReuseStepsTasks.MakeData(rows: rows);                                       // this project
        var imputed = DataQualityComponentsTasks.Impute(data.Outputs.Raw, strategy: strategy);   // the library
        var check = DataQualityComponentsTasks.CheckMissing(imputed.Outputs.Imputed, maxMissingRatio: 0.0);
        DataQualityComponentsTasks.CountRows(imputed.Outputs.Imputed);                           // the library's container component
        KfpTasks.DescribeDataset(imputed.Outputs.Imputed, title: "Imputed data")                 // imported KFP YAML
            .After(check)
            .WithCpuLimit("1");
    }
}
