using System.ComponentModel;
using System.Diagnostics;

namespace PryvBus.Follower.Compose;

/// <summary>
/// Runs the compose tool on the project: an argument list (never a shell), a timeout that kills the process tree, and
/// the output captured and bounded (its tail is kept). The command comes from the settings, or is detected on first
/// use: <c>docker compose</c> when <c>docker compose version</c> succeeds, else <c>docker-compose</c>. The output is passed
/// through <c>mask</c> (<see cref="Containers.OutputMask"/>) before anyone reads it: compose may quote a file holding secrets.
/// </summary>
public sealed class ComposeTool(IReadOnlyList<string>? command, string project, string composeFile, TimeSpan timeout, Func<string, string>? mask = null)
{
    public const int MaxOutput = 4096;

    private IReadOnlyList<string>? _command = command;

    /// <summary>The command in use, once known (for the log).</summary>
    public string Command => _command is null ? "(not detected yet)" : string.Join(' ', _command);

    /// <summary>Runs <c>{command} -p {project} -f {file} {arguments}</c> in the file's folder.</summary>
    /// <exception cref="ComposeToolMissingException">The tool cannot be started.</exception>
    public async Task<ComposeRun> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var tool = _command ?? await DetectAsync(ct);
        var run = await ExecuteAsync([.. tool, "-p", project, "-f", composeFile, .. arguments], Path.GetDirectoryName(composeFile)!, timeout, ct);
        _command = tool;
        return mask is null || run.Output.Length == 0 ? run : run with { Output = mask(run.Output) };
    }

    private static async Task<IReadOnlyList<string>> DetectAsync(CancellationToken ct)
    {
        try
        {
            var plugin = await ExecuteAsync(["docker", "compose", "version"], Environment.CurrentDirectory, TimeSpan.FromSeconds(20), ct);
            if (plugin.Succeeded)
            {
                return ["docker", "compose"];
            }
        }
        catch (ComposeToolMissingException)
        {
            // No docker CLI: the standalone tool is the only choice left.
        }

        return ["docker-compose"];
    }

    private static async Task<ComposeRun> ExecuteAsync(IReadOnlyList<string> arguments, string directory, TimeSpan limit, CancellationToken ct)
    {
        var start = new ProcessStartInfo(arguments[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // No terminal: plain progress lines, no colours.
        start.Environment["COMPOSE_INTERACTIVE_NO_CLI"] = "1";
        start.Environment["NO_COLOR"] = "1";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ComposeToolMissingException($"cannot run {arguments[0]}: {ex.Message}", ex);
        }

        process.StandardInput.Close();
        var output = new OutputTail(MaxOutput);
        var readOut = PumpAsync(process.StandardOutput, output);
        var readErr = PumpAsync(process.StandardError, output);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(readOut, readErr);
            ct.ThrowIfCancellationRequested();
            return new ComposeRun(null, output.ToString());
        }

        await Task.WhenAll(readOut, readErr);
        return new ComposeRun(process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, OutputTail output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            output.AppendLine(line);
        }
    }
}
