namespace Pipelines.Graphs;

/// <summary>The colours of a task in each state, shared by the SVG and Mermaid writers.</summary>
public static class StateColours
{
    public readonly record struct Colour(string Fill, string Stroke, string Text);

    public static Colour For(TaskState state) => state switch
    {
        TaskState.Pending => new("#f3f4f6", "#9ca3af", "#374151"),
        TaskState.Running => new("#dbeafe", "#2563eb", "#1e3a8a"),
        TaskState.Succeeded => new("#dcfce7", "#16a34a", "#14532d"),
        TaskState.Failed => new("#fee2e2", "#dc2626", "#7f1d1d"),
        TaskState.Cached => new("#e0f2fe", "#0891b2", "#164e63"),
        TaskState.Skipped => new("#e7e5e4", "#78716c", "#44403c"),
        _ => new("#ffffff", "#4b5563", "#111827"),
    };
}
