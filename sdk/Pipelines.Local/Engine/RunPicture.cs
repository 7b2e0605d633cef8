using Pipelines.Graphs;
using Pipelines.Graphs.Layout;
using GraphState = Pipelines.Graphs.TaskState;

namespace Pipelines.Local;

/// <summary>The run's picture: the pipeline's graph as the build draws it (Pipelines.Graphs), each task coloured by
/// its state in this run, written as <c>run.svg</c> in the run directory. A loop's tasks are one node in the graph
/// and one per iteration in the run: the node shows the iteration that needs attention most.
/// <para>Reading and laying out the graph does not depend on the run, so it happens on a worker thread while the
/// tasks run (and writes the picture with every task pending); only the colouring waits for the run's end. Done
/// after the last task, the reading, layout and drawing (and their first-call JIT) added a tenth of a second or more to
/// every run's wall time.</para></summary>
internal sealed class RunPicture
{
    public const string FileName = "run.svg";

    private readonly Task<(TaskGraph Graph, GraphLayout Layout, string PendingSvg)> _drawn;
    private Task _pendingSaved = Task.CompletedTask;

    private RunPicture(Task<(TaskGraph, GraphLayout, string)> drawn) => _drawn = drawn;

    /// <summary>Starts reading, laying out and drawing (every task pending) <paramref name="yamlText"/>, the text
    /// the engine read, on a worker thread: it overlaps the checks before the run and the tasks.</summary>
    public static RunPicture Start(string yamlText) =>
        new(Task.Run(() =>
        {
            var graph = PipelineSpecReader.Read(yamlText);
            var layout = LayeredLayout.Compute(graph);
            return (graph, layout, SvgWriter.Write(graph, layout, graph.Nodes.ToDictionary(n => n.Id, _ => GraphState.Pending, StringComparer.Ordinal)));
        }));

    /// <summary>Once drawn, writes the picture with every task pending into the run directory (which exists now).</summary>
    public void ShowPending(string runDirectory) =>
        _pendingSaved = _drawn.ContinueWith(drawn =>
        {
            if (!drawn.IsCompletedSuccessfully) return;
            try { Save(runDirectory, drawn.Result.PendingSvg); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the final picture tries again, and says why it cannot */ }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>Writes the picture of the finished run; a pipeline the graph reader cannot draw gets a notice, not a failed run.</summary>
    public async Task WriteAsync(RunResult result, Action<string> notice)
    {
        try
        {
            await _pendingSaved;
            var (graph, layout, _) = await _drawn;
            Save(result.RunDirectory, SvgWriter.Write(graph, layout, States(result)));
        }
        catch (Exception e) when (e is TaskGraphException or IOException or UnauthorizedAccessException)
        {
            notice($"no run picture ({FileName}): {e.Message}");
        }
    }

    private static void Save(string runDirectory, string svg)
    {
        var temp = Path.Combine(runDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, svg);
        File.Move(temp, Path.Combine(runDirectory, FileName), overwrite: true);
    }

    /// <summary>Graph node id (task names from the root, joined by '/') → state. Run paths also hold loop iteration
    /// numbers (<c>for-loop-2/0/train</c>), which the graph does not.</summary>
    internal static Dictionary<string, GraphState> States(RunResult result)
    {
        var states = new Dictionary<string, GraphState>(StringComparer.Ordinal);
        foreach (var task in result.Tasks)
        {
            var id = string.Join('/', task.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.All(char.IsAsciiDigit)));
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
