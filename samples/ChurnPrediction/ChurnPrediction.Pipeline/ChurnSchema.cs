using ChurnPrediction.Features;

namespace ChurnPrediction;

/// <summary>
/// The churn table's columns and what valid data looks like. Every component reads the same
/// definitions, so the generator, the cleaner and the model can never disagree on a name.
/// </summary>
public static class ChurnSchema
{
    public const string CustomerId = "customer_id";
    public const string TenureMonths = "tenure_months";
    public const string MonthlyCharges = "monthly_charges";
    public const string TotalCharges = "total_charges";
    public const string SupportCalls = "support_calls";
    /// <summary>0 = month-to-month, 1 = one year, 2 = two years.</summary>
    public const string ContractType = "contract_type";
    public const string FiberOptic = "fiber_optic";
    public const string SeniorCitizen = "senior_citizen";
    /// <summary>The label: 1 when the customer left.</summary>
    public const string Churned = "churned";

    /// <summary>Number of model features; ML.NET needs the vector size at compile time.</summary>
    public const int FeatureCount = 7;

    /// <summary>Model features, in the order of the feature vector.</summary>
    public static IReadOnlyList<string> FeatureColumns { get; } =
        [TenureMonths, MonthlyCharges, TotalCharges, SupportCalls, ContractType, FiberOptic, SeniorCitizen];

    /// <summary>Rules the raw data must pass before it may be cleaned and used for training.</summary>
    public static QualityRules QualityRules(double maxMissingRatio) => new()
    {
        MinRows = 50,
        MaxMissingRatio = maxMissingRatio,
        // Rows without a label or an id cannot be used or traced back: none may be missing.
        MaxMissingRatioByColumn = new Dictionary<string, double> { [Churned] = 0, [CustomerId] = 0 },
        RequiredColumns = [CustomerId, .. FeatureColumns, Churned],
        NumericColumns = [.. FeatureColumns, Churned],
        Ranges = new Dictionary<string, ValueRange>
        {
            [TenureMonths] = new(0, 120),
            [MonthlyCharges] = new(0, 1_000),
            [TotalCharges] = new(0, 120_000),
            [SupportCalls] = new(0, 100),
            [ContractType] = new(0, 2),
            [FiberOptic] = new(0, 1),
            [SeniorCitizen] = new(0, 1),
            [Churned] = new(0, 1),
        },
    };
}
