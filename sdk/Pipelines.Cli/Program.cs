using System.CommandLine;
using Pipelines.Cli;

return await CliCommands.Build().Parse(args).InvokeAsync();
