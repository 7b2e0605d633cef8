using Pipelines.Graphs;
using GraphState = Pipelines.Graphs.TaskState;

namespace Pipelines.Local;

/// <summary>The run's picture: the pipeline's graph as the build draws it (Pipelines.Graphs), each task coloured by
/// its state in this run, written as <c>run.svg</c> in the run directory. A loop's tasks are one node in the graph
/// and one per iteration in the run: the node shows the iteration that needs attention most.</summary>
internal static class RunPicture
{
    public const string FileName = "run.svg";

    /// <summary>Writes the picture; a pipeline the graph reader cannot draw gets a notice, not a failed run.</summary>
    public static void Write(string yamlPath, RunResult result, string runDirectory, Action<string> notice)
    {
        try
        {
            var graph = PipelineSpecReader.Read(File.ReadAllText(yamlPath));
            string svg = SvgWriter.Write(graph, States(result));
            string temp = Path.Combine(runDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(temp, svg);
            File.Move(temp, Path.Combine(runDirectory, FileName), overwrite: true);
        }
        catch (Exception e) when (e is TaskGraphException or IOException or UnauthorizedAccessException)
        {
            notice($"no run picture ({FileName}): {e.Message}");
        }
    }

    /// <summary>Graph node id (task names from the root, joined by '/') → state. Run paths also hold loop iteration
    /// numbers (<c>for-loop-2/0/train</c>), which the graph does not.</summary>
    internal static Dictionary<string, GraphState> States(RunResult result)
    {
        var states = new Dictionary<string, GraphState>(StringComparer.Ordinal);
        foreach (var task in result.Tasks)
        {
            string id = string.Join('/', task.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.All(char.IsAsciiDigit)));
            var state = Map(task.State);
            states[id] = states.TryGetValue(id, out var seen) && Urgency(seen) >= Urgency(state) ? seen : state;
        }
        return states;
    }

    private static GraphState Map(TaskState state) => state switch
    {
        TaskState.Running or TaskState.Retrying => GraphState.Running,
        TaskState.Succeeded => GraphState.Succeeded,
        TaskState.Cached => GraphState.Cached,
        TaskState.Failed => GraphState.Failed,
        TaskState.Skipped or TaskState.Cancelled => GraphState.Skipped,
        _ => GraphState.Pending,
    };

    private static int Urgency(GraphState state) => state switch
    {
        GraphState.Failed => 5,
        GraphState.Running => 4,
        GraphState.Pending => 3,
        GraphState.Skipped => 2,
        GraphState.Succeeded => 1,
        _ => 0, // cached: every iteration cached shows cached; one that ran shows succeeded
    };
}
