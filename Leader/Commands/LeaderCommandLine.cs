using Microsoft.Extensions.Hosting;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>The leader executable's verbs. With no verb it runs the service.</summary>
public static class LeaderCommandLine
{
    public const string Usage = """
        usage: pryvbus-leader [run] [--config PATH]            run the leader service
               pryvbus-leader render [--dry-run] [--role ROLE]... [--reason TEXT]
               pryvbus-leader describe [--json]               platform values, descriptions, where used
               pryvbus-leader status [--watch [--timeout S]]      followers vs current serials (exit 0 = converged)
               pryvbus-leader reload ROLE|'*' [COMPONENT...]     publish a reload event
               pryvbus-leader history ROLE
               pryvbus-leader show ROLE [SERIAL] [PATH] [--reveal]
               pryvbus-leader diff ROLE A B [--reveal]
               pryvbus-leader rollback ROLE SERIAL               old content as a new serial, pinned
               pryvbus-leader unpin ROLE                         let the templates take over again
               pryvbus-leader secrets list
               pryvbus-leader secrets rotate NAME [--role ROLE]
               pryvbus-leader import OLD_ROOT [--role ROLE]... [--force]   old per-machine config → data/{role}/ templates
               pryvbus-leader import-data OLD_ROOT NEW_ROOT [--role ROLE] [--dry-run]   move old data/log folders
               pryvbus-leader health                             ask the running leader's GET /health (exit 0 = healthy)
               pryvbus-leader backup FILE [--force]              everything PryvBus keeps, sealed, into one file (mode 0600)
               pryvbus-leader restore FILE [--force]             a backup back into an empty store (--force: replace it)
        every command but run takes --json for scripts
        config: --config, else $PRYVBUS_LEADER_CONFIG, else $PRYV_CONF_ROOT/config-leader/conf/config-leader.json
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var parsed = CommandArgs.Parse(args);
            var verb = parsed.Words.FirstOrDefault() ?? "run";
            if (parsed.Has("--help") || verb == "help")
            {
                await output.WriteLineAsync(Usage);
                return 0;
            }

            var configPath = ConfigLocator.Resolve(parsed.Option("--config"));
            parsed.AllowOnly("--config", "--role", "--reason", "--timeout");
            switch (verb)
            {
                case "run":
                    return await RunServiceAsync(configPath, error);
                case "describe":
                    return await DescribeCommand.RunAsync(SettingsLoader.Load(configPath), parsed, output);
                case "import":
                    return await ImportCommand.RunAsync(SettingsLoader.Load(configPath), parsed, output);
                case "import-data":
                    return await ImportDataCommand.RunAsync(parsed, output);
                case "health":
                    return await HealthCommand.RunAsync(SettingsLoader.Load(configPath), output);
                case "render" or "secrets" or "status" or "reload" or "history" or "show" or "diff" or "rollback" or "unpin" or "backup" or "restore":
                    var settings = SettingsLoader.Load(configPath);
                    await using (var redis = await ConnectAsync(settings))
                    {
                        return await RunRedisCommandAsync(verb, settings, redis, parsed, output);
                    }

                default:
                    throw new UsageException($"unknown command '{verb}'");
            }
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}\n{Usage}");
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

    private static Task<int> RunRedisCommandAsync(string verb, LeaderSettings settings, ConnectionMultiplexer redis, CommandArgs args, TextWriter output) =>
        verb switch
        {
            "render" => RenderCommand.RunAsync(settings, redis, args, output),
            "secrets" => SecretsCommand.RunAsync(settings, redis, args, output),
            "status" => StatusCommand.RunAsync(settings, redis, args, output),
            "reload" => ReloadCommand.RunAsync(settings, redis, args, output),
            "history" => HistoryCommand.RunAsync(settings, redis, args, output),
            "show" => ShowCommand.RunAsync(settings, redis, args, output),
            "diff" => DiffCommand.RunAsync(settings, redis, args, output),
            "backup" => BackupCommand.RunAsync(settings, redis, args, output),
            "restore" => RestoreCommand.RunAsync(settings, redis, args, output),
            _ => RollbackCommand.RunAsync(settings, redis, args, output),
        };

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
            if (!http.Enabled)
            {
                return await HostExit.RunAsync(LeaderHost.BuildWorker(configPath), error, "pryvbus-leader", listening);
            }

            return await HostExit.RunAsync(LeaderHost.BuildWeb(configPath, http.Urls), error, "pryvbus-leader", listening);
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
        var options = settings.Redis.ToOptions();
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
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
