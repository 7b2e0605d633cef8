using System.Text.Json.Nodes;

namespace Pipelines.Graphs.Tests;

/// <summary>Random pipeline specs (seeded, so a failure names its seed): DAGs of tasks and nested
/// groups of every kind, wired by outputs and by plain orderings, with long and wide names.</summary>
internal static class RandomPipelines
{
    private static readonly string[] Words = ["load", "clean", "split", "train", "evaluate", "deploy", "report", "a-much-longer-task-name", "x"];

    public static string Json(int seed)
    {
        var random = new Random(seed);
        var components = new JsonObject();
        var counter = 0;

        JsonObject Dag(int depth)
        {
            var count = random.Next(1, depth == 0 ? 9 : 5);
            var tasks = new JsonObject();
            var names = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var n = ++counter;
                var group = depth < 2 && random.NextDouble() < 0.3;
                var kind = group ? new[] { "condition", "for-loop", "exit-handler", "sub" }[random.Next(4)] : "";
                var name = group ? $"{kind}-{n}" : $"{Words[random.Next(Words.Length)]}-{n}";
                var component = $"comp-{name}";
                components[component] = group
                    ? new JsonObject { ["dag"] = Dag(depth + 1) }
                    : new JsonObject { ["executorLabel"] = $"exec-{name}" };
                var task = new JsonObject
                {
                    ["componentRef"] = new JsonObject { ["name"] = component },
                    ["taskInfo"] = new JsonObject { ["name"] = name },
                };
                if (kind == "condition")
                    task["triggerPolicy"] = new JsonObject { ["condition"] = "inputs.parameter_values['pipelinechannel--rows'] > 3" };
                if (kind == "for-loop")
                    task["parameterIterator"] = new JsonObject { ["itemInput"] = "item", ["items"] = new JsonObject { ["raw"] = "[1, 2, 3]" } };

                var inputs = new JsonObject();
                var dependent = new JsonArray();
                foreach (var producer in names.Where(_ => random.NextDouble() < 0.35))
                {
                    if (random.NextDouble() < 0.6)
                    {
                        var output = Words[random.Next(Words.Length)];
                        inputs[$"in-{producer}"] = new JsonObject
                        {
                            ["taskOutputParameter"] = new JsonObject { ["producerTask"] = producer, ["outputParameterKey"] = output },
                        };
                    }
                    dependent.Add(producer);
                }
                if (inputs.Count > 0) task["inputs"] = new JsonObject { ["parameters"] = inputs };
                if (dependent.Count > 0) task["dependentTasks"] = dependent;
                tasks[name] = task;
                names.Add(name);
            }
            return new JsonObject { ["tasks"] = tasks };
        }

        var root = Dag(0);
        return new JsonObject
        {
            ["pipelineInfo"] = new JsonObject { ["name"] = $"random-{seed}" },
            ["components"] = components,
            ["root"] = new JsonObject { ["dag"] = root },
        }.ToJsonString();
    }
}
