using System.Net;
using System.Net.Sockets;

namespace PryvBus.Shared.Logging;

/// <summary>
/// The exit codes both programs document, and the one line an operator reads when a program cannot start (or its
/// host stops on an unexpected error): never a stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>A check failed (<c>health</c>, <c>--health</c>, <c>status</c> not converged).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad usage or settings (every problem listed), or a sample credential in use (settings or Redis users).</summary>
    public const int Settings = 2;

    /// <summary>Redis unreachable for a one-shot command (the services never exit on an outage).</summary>
    public const int Redis = 3;

    /// <summary>A port cannot be listened on: in use, not allowed, or an address the machine does not have.</summary>
    public const int Listen = 4;

    /// <summary>Anything else that stopped the program at start or while running.</summary>
    public const int Other = 5;

    public static int ExitCode(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StartRefusedException refused)
            {
                return refused.ExitCode;
            }
        }

        return IsListenFailure(exception) ? Listen : Other;
    }

    /// <summary>One line: what failed and why, escaped; the inner exceptions' messages when they add something.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var message = LogText.Escape(e.Message.Split('\n', 2)[0].Trim());
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }

    private static bool IsListenFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException or HttpListenerException
                || (e is IOException && e.Message.StartsWith("Failed to bind", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
