using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Watching;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Runtime;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>The leader executable's command line (verbs in <see cref="LeaderVerbs"/>). With no verb it runs the service.</summary>
public static class LeaderCommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var verb = string.Empty;
        try
        {
            var root = LeaderVerbs.Build(output, path => RunServiceAsync(path, error), ConnectAsync);
            // `help [VERB]` as before: the verb's generated help.
            var parsed = root.Parse(args is ["help", .. var verbs] ? [.. verbs, "--help"] : args);
            verb = UsageProblem.VerbOf(parsed);
            if (UsageProblem.Of(parsed) is { } problem)
            {
                throw new UsageException(problem);
            }

            // Exceptions reach the handlers below (documented exit codes, one line, no stack trace); SIGTERM is the host's.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}\nusage: pryvbus-leader {verb}[options] (pryvbus-leader {verb}--help)");
            return 2;
        }
        catch (SettingsException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }
        catch (RedisException ex)
        {
            await error.WriteLineAsync($"Redis: {ex.Message}");
            return 3;
        }
        catch (State.StateException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 4;
        }
        catch (Exception ex) when (ex is Versions.StoreDataException or TimeoutException)
        {
            // A number out of range in Redis (the message names the key), or Redis too slow to answer.
            await error.WriteLineAsync($"error: {ex.Message}");
            return 3;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file or folder of this machine that cannot be used (the message names it): exit code 4, like the state folder.
            await error.WriteLineAsync($"error: {ex.Message}");
            return 4;
        }
    }

    /// <summary>
    /// Runs the service until SIGTERM/Ctrl-C (0). A start-up failure, or the main loop stopping on an error, is one line
    /// on stderr and a documented exit code (<see cref="StartupFailure"/>, through <see cref="HostExit"/> as the
    /// follower does): 4 when <c>http.urls</c> cannot be listened on, 5 for anything else. Never exit 0 unasked.
    /// </summary>
    private static async Task<int> RunServiceAsync(string configPath, TextWriter error)
    {
        // Read once up front: a bad file fails fast here, and the listening URLs must be known before the host is built.
        var http = SettingsLoader.Load(configPath).Http;
        var listening = string.Join(", ", http.Urls);
        try
        {
            // The executable only: the idle trim collects the whole process (docs/performance.md, "Leader idle RSS"), and
            // SIGHUP's disposition is the process's, taken before the host is built (a hangup meanwhile waits for the loop).
            var hangup = new HangupSignal();
            hangup.Register();
            var host = LeaderHost.Build(configPath, http, services: s => s.AddSingleton(new IdleTrim(TimeSpan.FromSeconds(2))).AddSingleton(hangup));
            return await HostExit.RunAsync(host, error, "pryvbus-leader", listening);
        }
        catch (Exception ex) when (ex is not SettingsException)
        {
            // Building the host failed (before it ran).
            var code = StartupFailure.ExitCode(ex);
            var what = code == StartupFailure.Listen ? $"cannot listen on {listening}" : "stopped";
            await error.WriteLineAsync($"pryvbus-leader: {what}: {StartupFailure.Describe(ex)}");
            return code;
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(LeaderSettings settings)
    {
        var options = Shared.Settings.OneShotConnect.Apply(settings.Redis.ToOptions());
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException ex)
        {
            throw new RedisConnectionException(ex.FailureType, $"cannot reach Redis at {settings.Redis}: {ex.FailureType}");
        }
    }
}
