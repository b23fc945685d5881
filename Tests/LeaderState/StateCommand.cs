using PryvBus.Leader.Commands;

namespace PryvBus.Tests.LeaderState;

/// <summary>Runs one leader command in this process, as an operator would from a shell.</summary>
internal static class StateCommand
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
