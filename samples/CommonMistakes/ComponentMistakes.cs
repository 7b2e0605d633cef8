using System.Runtime.InteropServices;
using Pipelines;

namespace CommonMistakes;

/// <summary>
/// Components that work when you call them one after another on your laptop, and misbehave once
/// KFP runs each alone in its own container. Every line marked PIPE00xx gets that diagnostic;
/// README.md says how to fix each one.
/// </summary>
public static class Mistakes
{
    // Looks like state shared between components; in KFP every container starts with its own copy.
    private static int s_rowsLoaded;
    public static string? LastSource { get; set; }

    [Component(Description = "Load customer data (with mistakes)")]
    public static int Load(Output<Dataset> raw, string source = "crm")
    {
        var lines = File.ReadAllLines("data/customers.csv");                      // PIPE0013: not in the container
        var region = Environment.GetEnvironmentVariable("CRM_REGION") ?? "eu";    // PIPE0014: not set in the pod
        LastSource = source + "/" + region;                                       // PIPE0012: writes a static property
        s_rowsLoaded = lines.Length;                                              // PIPE0012: writes a static field
        var loadedAt = DateTime.Now.ToString("O");                                // PIPE0018: differs on every run
        var batch = Guid.NewGuid().ToString("N");                                 // PIPE0020: differs on every run
        File.WriteAllLines(raw.Path, lines.Select(line => $"{batch},{loadedAt},{line}"));
        return lines.Length;
    }

    [Component(Description = "Split into train and test (with mistakes)")]
    public static void Split(Input<Dataset> data, Output<Dataset> train, Output<Dataset> test, Output<Dataset> labels, double testFraction = 0.2)
    {
        var random = new Random();                                                // PIPE0019: code fix adds a seed parameter
        var seen = new HashSet<string>();
        using (var trainWriter = new StreamWriter(train.Path))
        using (var testWriter = new StreamWriter(test.Path))
        {
            foreach (string row in File.ReadLines(data.Path))
            {
                seen.Add(row.Split(',')[^1]);
                (random.NextDouble() < testFraction ? testWriter : trainWriter).WriteLine(row);
            }
        }
        File.WriteAllLines(labels.Path, seen);                                    // PIPE0021: HashSet order is not defined
    }

    [Component(Description = "Summarise the training data (with mistakes)")]
    public static string Summarise(Input<Dataset> train)
    {
        int rows = CountRows(train);                                              // PIPE0015: runs in-process, not as a task
        Console.WriteLine($"{rows} rows, {s_rowsLoaded} loaded");                 // PIPE0012: reads a static field (0 in KFP)
        Console.WriteLine($"process {Native.getpid()}");                          // PIPE0017: libc must be in the image
        return File.ReadAllText(train.Path);                                      // PIPE0022: a whole file as a parameter
    }

    [Component(Description = "Count rows")]
    public static int CountRows(Input<Dataset> data) => File.ReadLines(data.Path).Count();
}

internal static class Native
{
    [DllImport("libc")]
    internal static extern int getpid();
}
