using System.CommandLine;
using Pipelines.Cli;

// Ctrl+C cancels the run: the engine stops every child process or container and writes run.json;
// give it time to do so before the process is torn down.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await CliCommands.Build().Parse(args).InvokeAsync(invocation);
