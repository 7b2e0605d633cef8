using System.Globalization;
using ChurnPrediction.Features;
using Pipelines;
using static ChurnPrediction.ChurnSchema;

namespace ChurnPrediction;

/// <summary>Data components: synthesise, check and clean, split. Task factories: <c>DataStepsTasks</c>.</summary>
public static class DataSteps
{
    /// <summary>
    /// Synthesises a customer-churn table with a known signal: short tenure, month-to-month
    /// contracts, high charges, fibre and many support calls raise the churn odds. About 2-4 %
    /// of some feature cells are left empty, as in real CRM exports (e.g. total charges are blank
    /// for brand-new customers). Seeded: the same seed gives the same bytes.
    /// </summary>
    [Component(Description = "Synthesise a customer-churn table (seeded, offline)")]
    public static int GenerateData(Output<Dataset> raw, int rows = 2000, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var random = new Random(seed);
        var ids = new string?[rows];
        var tenure = new double[rows];
        var monthly = new double[rows];
        var total = new double[rows];
        var calls = new double[rows];
        var contract = new double[rows];
        var fiber = new double[rows];
        var senior = new double[rows];
        var churned = new double[rows];

        for (int i = 0; i < rows; i++)
        {
            ids[i] = string.Create(CultureInfo.InvariantCulture, $"C{seed:D3}-{i + 1:D6}");
            double u = random.NextDouble();
            contract[i] = u < 0.55 ? 0 : u < 0.80 ? 1 : 2;
            fiber[i] = random.NextDouble() < 0.45 ? 1 : 0;
            senior[i] = random.NextDouble() < 0.16 ? 1 : 0;

            // Longer contracts go with longer tenure.
            double maxTenure = contract[i] switch { 0 => 36, 1 => 60, _ => 72 };
            tenure[i] = Math.Floor(1 + maxTenure * Math.Pow(random.NextDouble(), contract[i] == 0 ? 1.4 : 0.8));

            monthly[i] = Math.Round(Math.Clamp(22 + 28 * fiber[i] + 35 * random.NextDouble() + 6 * Normal(random), 18, 120), 2);
            total[i] = Math.Round(tenure[i] * monthly[i] * (1 + 0.03 * Normal(random)), 2);
            calls[i] = Poisson(random, 0.6 + 0.9 * fiber[i] + (contract[i] == 0 ? 0.5 : 0));

            double logit = -1.2
                + 1.8 * (contract[i] == 0 ? 1 : 0)
                - 1.5 * (contract[i] == 2 ? 1 : 0)
                - 0.07 * tenure[i]
                + 0.045 * (monthly[i] - 65)
                + 0.8 * calls[i]
                + 0.6 * senior[i];
            churned[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        }

        // Missing values: total charges are blank for some new customers, other cells at random.
        for (int i = 0; i < rows; i++)
        {
            if (tenure[i] <= 2 && random.NextDouble() < 0.5) total[i] = double.NaN;
            if (random.NextDouble() < 0.03) monthly[i] = double.NaN;
            if (random.NextDouble() < 0.02) tenure[i] = double.NaN;
            if (random.NextDouble() < 0.04) calls[i] = double.NaN;
        }

        var table = new Table(
            new TextColumn(CustomerId, ids),
            new NumericColumn(TenureMonths, tenure),
            new NumericColumn(MonthlyCharges, monthly),
            new NumericColumn(TotalCharges, total),
            new NumericColumn(SupportCalls, calls),
            new NumericColumn(ContractType, contract),
            new NumericColumn(FiberOptic, fiber),
            new NumericColumn(SeniorCitizen, senior),
            new NumericColumn(Churned, churned));
        Csv.Write(table, raw.Path);

        raw.Metadata["rows"] = rows;
        raw.Metadata["columns"] = table.Columns.Count;
        raw.Metadata["seed"] = seed;
        raw.Metadata["churn_rate"] = Math.Round(churned.Average(), 4);
        raw.Metadata["missing_cells"] = table.Columns.Sum(c => c.MissingCount);
        Console.WriteLine($"generated {rows} customers, churn rate {churned.Average():P1}, {raw.Metadata["missing_cells"]} missing cells -> {raw.Path}");
        return rows;
    }

    /// <summary>
    /// Checks the raw table (row count, missing-value ratio per column, value ranges) and writes
    /// the check as a Markdown report; fails the run with the list of problems when a rule is
    /// broken. Then fills missing feature values with the chosen strategy.
    /// </summary>
    /// <param name="imputation">mean, median, constant (0) or constant:&lt;number&gt;.</param>
    /// <param name="maxMissingRatio">Largest share of missing cells accepted in a feature column.</param>
    [Component(Description = "Check data quality and impute missing feature values")]
    public static void Clean(Input<Dataset> raw, Output<Dataset> cleaned, Output<Markdown> qualityReport, string imputation = "median", double maxMissingRatio = 0.2)
    {
        var (strategy, constant) = Imputer.ParseStrategy(imputation);
        var table = Csv.Read(raw.Path);

        var quality = DataQuality.Check(table, QualityRules(maxMissingRatio));
        File.WriteAllText(qualityReport.Path, quality.ToMarkdown());
        qualityReport.Metadata["passed"] = quality.Passed;
        qualityReport.Metadata["issues"] = quality.Issues.Count;
        Console.WriteLine(quality.Summary());
        quality.EnsurePassed();

        var imputer = Imputer.Fit(table, strategy, FeatureColumns, constant);
        var result = imputer.Transform(table, out int filled);
        Csv.Write(result, cleaned.Path);

        cleaned.Metadata["rows"] = result.RowCount;
        cleaned.Metadata["columns"] = result.Columns.Count;
        cleaned.Metadata["imputation"] = strategy.ToString().ToLowerInvariant();
        cleaned.Metadata["imputed_cells"] = filled;
        foreach (var (column, value) in imputer.FillValues) cleaned.Metadata[$"fill_{column}"] = Math.Round(value, 6);
        Console.WriteLine($"imputed {filled} cells ({cleaned.Metadata["imputation"]}) -> {cleaned.Path}");
    }

    /// <summary>Splits rows into train and test sets, stratified by the label so both keep the churn rate.</summary>
    [Component(Description = "Stratified, seeded train/test split")]
    public static void Split(Input<Dataset> data, Output<Dataset> train, Output<Dataset> test, double testFraction = 0.2, int seed = 42)
    {
        var table = Csv.Read(data.Path);
        var (trainRows, testRows) = Sampling.TrainTestSplit(table.RowCount, testFraction, seed, table.Numeric(Churned));
        Write(table.Take(trainRows), train);
        Write(table.Take(testRows), test);
        Console.WriteLine($"split {table.RowCount} rows: {trainRows.Length} train, {testRows.Length} test");

        static void Write(Table part, Output<Dataset> output)
        {
            Csv.Write(part, output.Path);
            output.Metadata["rows"] = part.RowCount;
            output.Metadata["churn_rate"] = part.RowCount == 0 ? 0 : Math.Round(part.Numeric(Churned).Average(), 4);
        }
    }

    /// <summary>Standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Poisson draw (Knuth), fine for small means.</summary>
    private static double Poisson(Random random, double mean)
    {
        double limit = Math.Exp(-mean), p = 1;
        int k = 0;
        do { k++; p *= random.NextDouble(); } while (p > limit);
        return k - 1;
    }
}
