using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Access;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Watching;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Runtime;
using StackExchange.Redis;

namespace PryvBus.Leader;

/// <summary>
/// The leader's main loop: provision the followers' Redis ACL users and render everything at start, then again on
/// every trigger (inputs changed, SIGHUP). A Redis outage never stops it: the pass is retried with jittered backoff.
/// Only a connection failure or a timeout is an outage (<see cref="RedisFailure"/>); Redis refusing a command is an
/// error with its message, rate-limited.
/// A provisioning failure is logged by the provisioner and never stops rendering; a failing role never stops another
/// (the pipeline turns it into that role's report).
/// </summary>
public sealed class LeaderService(
    SettingsProvider settings, AclProvisioner acl, PlatformPipeline pipeline, RenderTriggers triggers, RenderHistory history,
    IConnectionMultiplexer redis, ILogger<LeaderService> logger, IdleTrim? idleTrim = null, HangupSignal? hangupSignal = null)
    : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly BackendOutage _redisOutage = new("Redis", logger);
    private readonly RepeatedError _redisRefusal = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hangup = OnHangup(() => triggers.Request("SIGHUP"));
        using var watcher = settings.Current.Watch ? StartWatcher() : null;
        pipeline.Watch = watcher?.Stamps;
        using var unwatch = new Unsubscriber(() => pipeline.Watch = null); // before the watch is disposed

        // Pub/sub and the serials may have moved while Redis was away (a failover can even lose versions):
        // render again on every reconnection and periodically, so what Redis lost is stored again.
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => triggers.Request("redis reconnected");
        redis.ConnectionRestored += OnRestored;
        using var unsubscribe = new Unsubscriber(() => redis.ConnectionRestored -= OnRestored);
        using var periodic = new Timer(_ => triggers.Request("periodic check"), null, settings.Current.CheckInterval, settings.Current.CheckInterval);

        var request = new RenderRequest("leader start", TrustStored: false);
        var failures = 0;
        var guard = new EditGuard(watcher, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // An operator's change does not wait for the followers' ACL users when they are made of what the last
                // provisioning used: they are provisioned (and repaired) right after its pass instead. A pass retried
                // after a failure provisions first, as any other.
                var revision = settings.Revision; // read first: settings put in force between the two hold this pass back, never the reverse
                var current = settings.Current;
                var aclAfter = failures == 0 && request.TrustStored && acl.IsSettled(current);
                if (!aclAfter)
                {
                    await acl.ProvisionAsync(current, stoppingToken);
                }

                history.Record(await pipeline.RunAsync(
                    current, request.Reason, trustStored: request.TrustStored, ct: stoppingToken, inputsSettled: PassInputs.Settled(settings, revision, guard.ForThisPass())));
                if (aclAfter)
                {
                    await acl.ProvisionAsync(current, stoppingToken);
                }

                if (!request.TrustStored && settings.Revision != revision)
                {
                    // A check that newer settings held back (PassInputs) runs again: the value change's own pass trusts
                    // what it stored and repairs nothing.
                    triggers.Request(request.Reason);
                }

                _redisOutage.Succeeded("render pass");
                _redisRefusal.Reset();
                failures = 0;
                request = await NextRequestAsync(stoppingToken);
                LeaderLog.RenderRequested(logger, request.Reason);
                await guard.BeforeReadingAsync(settings.Current.WatchDebounce, stoppingToken);
                if (settings.Reload())
                {
                    guard.Reading();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                history.RecordFailure(ex);
                var delay = Backoff(++failures);
                if (RedisFailure.IsOutage(ex))
                {
                    // One warning when the outage starts, one line when it ends: not an error per retry.
                    _redisOutage.Failed("render pass", ex);
                }
                else if (RedisFailure.IsRefusal(ex))
                {
                    // Redis answered and refused (NOPERM, WRONGPASS, OOM, READONLY…): an operator must act. Its message,
                    // no stack trace, rate-limited.
                    var message = LogText.Escape(BackendOutage.Describe(ex));
                    if (_redisRefusal.ShouldLog(message, out var suppressed))
                    {
                        LeaderServiceLog.RedisRefused(logger, message, suppressed, delay.TotalSeconds);
                    }
                    else
                    {
                        LeaderServiceLog.RedisStillRefusing(logger, message);
                    }
                }
                else if (RoleFailure.IsExpected(ex))
                {
                    // An unreadable state folder…: the message says it all, a stack trace would hide it.
                    LeaderLog.CycleFailedExpected(logger, request.Reason, ex.Message, delay.TotalSeconds);
                }
                else
                {
                    LeaderLog.CycleFailed(logger, ex, request.Reason, delay.TotalSeconds);
                }

                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The next pass to run. A pass allocates (settings, renders, the store's commands): with an <see cref="IdleTrim"/>
    /// (the executable's), once no request came for its delay after a pass, one compacting collection gives it back.
    /// </summary>
    private async ValueTask<RenderRequest> NextRequestAsync(CancellationToken ct)
    {
        if (idleTrim is not null && !await triggers.ArrivesWithinAsync(idleTrim.Delay, ct))
        {
            IdleTrim.Collect();
        }

        return await triggers.WaitAsync(ct);
    }

    /// <summary>
    /// The input watcher, or null when it cannot start (templates folder missing, inotify limit reached…): one line,
    /// and the periodic checks still render every change. A watcher must never stop the service.
    /// </summary>
    private InputWatcher? StartWatcher()
    {
        try
        {
            return new InputWatcher(settings.ConfigPath, settings.Current.TemplatesPath, settings.Current.WatchDebounce, triggers, logger);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            LeaderServiceLog.WatcherUnavailable(logger, LogText.Escape(ex.Message), settings.Current.CheckInterval.TotalSeconds);
            return null;
        }
    }

    private static TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures, 10)) * 0.25);
        return TimeSpan.FromSeconds(seconds * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>
    /// <c>SIGHUP</c> to <paramref name="request"/> while the loop runs: through the executable's registration, made for the
    /// whole process (<see cref="HangupSignal"/>), or else through one of the loop's own (a process hosting leaders).
    /// </summary>
    private IDisposable OnHangup(Action request)
    {
        if (hangupSignal is null)
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                request();
            });
        }

        hangupSignal.Register();
        if (hangupSignal.WasIgnored)
        {
            LeaderServiceLog.HangupWasIgnored(logger);
        }

        return hangupSignal.Forward(request);
    }

    private sealed class Unsubscriber(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
