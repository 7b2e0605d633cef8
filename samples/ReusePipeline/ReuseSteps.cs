using System.Globalization;

namespace ReusePipeline;

/// <summary>This project's own component: it runs in this project's image.</summary>
public static class ReuseSteps
{
    [Component(Description = "Write a CSV with some empty cells")]
    public static int MakeData(Output<Dataset> raw, int rows = 100, int seed = 7)
    {
        var random = new Random(seed);
        var lines = new List<string> { "age,income" };
        for (int i = 0; i < rows; i++)
        {
            string age = random.NextDouble() < 0.1 ? "" : random.Next(18, 90).ToString(CultureInfo.InvariantCulture);
            string income = random.NextDouble() < 0.1 ? "" : (random.Next(20, 200) * 1000).ToString(CultureInfo.InvariantCulture);
            lines.Add(age + "," + income);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(raw.Path))!);
        File.WriteAllLines(raw.Path, lines);
        return rows;
    }
}
