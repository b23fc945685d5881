using Microsoft.Extensions.Logging;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Follower.Receiving;

/// <summary>
/// Reads <c>{prefix}:events</c> as an ordered queue. A config event for this role wakes the sync loop; a reload
/// event for this role goes to the container step without touching files; other roles are ignored; an invalid
/// message is logged once and dropped. Subscribing is retried with backoff while Redis is unreachable.
/// A reload's restarts run beside the reading, one at a time, and reloads that come meanwhile are merged into the next:
/// the reading never waits on a container, so neither config events nor the client's queue of messages pile up behind
/// one (anyone allowed to publish could otherwise grow the follower's memory with messages while a restart runs).
/// </summary>
public sealed class EventSubscription(
    FollowerSettings settings,
    IConnectionMultiplexer redis,
    SyncSignal signal,
    IContainerRestarter restarter,
    StatusReporter reporter,
    ILogger<EventSubscription> logger,
    BackendOutage? redisOutage = null)
{
    private readonly RedisChannel _channel = settings.Keys.Events;
    private readonly Lock _reloadGate = new();
    private ComponentSelection? _pendingReload;
    private bool _reloading;
    private Task _reloads = Task.CompletedTask;

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));
        while (!ct.IsCancellationRequested)
        {
            ChannelMessageQueue? queue = null;
            try
            {
                queue = await redis.GetSubscriber().SubscribeAsync(_channel);
                FollowerLog.Subscribed(logger, _channel.ToString());
                redisOutage?.Succeeded("subscription");
                backoff.Reset();

                // Whatever was published before the subscription took effect is missed: look at the serial.
                signal.Request();
                while (true)
                {
                    var message = await queue.ReadAsync(ct);
                    Handle(message.Message, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var delay = backoff.Next();
                if (redisOutage is not null && ex is RedisException or TimeoutException)
                {
                    redisOutage.Failed("subscription", ex);
                }
                else
                {
                    FollowerLog.SubscribeFailed(logger, ex, _channel.ToString(), (long)delay.TotalMilliseconds);
                }

                await DelayAsync(delay, ct);
            }
            finally
            {
                if (queue is not null)
                {
                    await UnsubscribeAsync(queue);
                }
            }
        }

        // A stop waits for a reload's restarts under way, as it did when they ran on this loop.
        await _reloads;
    }

    private void Handle(RedisValue message, CancellationToken ct)
    {
        var result = EventParser.Parse(message.IsNull ? null : (string?)message);
        if (!result.IsValid)
        {
            FollowerLog.InvalidEvent(logger, _channel.ToString(), result.Error ?? "invalid");
            return;
        }

        switch (result.Event)
        {
            case ConfigEvent config when config.Concerns(settings.Role):
                FollowerLog.ConfigEvent(logger, config.RoleName, config.Serial);
                signal.Request(config.Serial, config.Delta);
                break;
            case ReloadEvent reload when reload.Concerns(settings.Role):
                Reload(reload, ct);
                break;
        }
    }

    private void Reload(ReloadEvent reload, CancellationToken ct)
    {
        var components = reload.AllComponents ? ComponentSelection.Everything : ComponentSelection.Of(reload.Components);
        FollowerLog.ReloadEvent(logger, settings.Role, components.ToString());

        // A version refused by a check is tried again on an operator's reload (the fix may be outside PryvBus).
        signal.RequestRetry();
        lock (_reloadGate)
        {
            _pendingReload = _pendingReload is null ? components : _pendingReload.Union(components);
            if (!_reloading)
            {
                _reloading = true;
                _reloads = Task.Run(() => RestartPendingAsync(ct), CancellationToken.None);
            }
        }
    }

    /// <summary>The reloads asked for, merged, until none is left; whoever finds none left says so under the same lock.</summary>
    private async Task RestartPendingAsync(CancellationToken ct)
    {
        while (true)
        {
            ComponentSelection components;
            lock (_reloadGate)
            {
                if (_pendingReload is null || ct.IsCancellationRequested)
                {
                    (_pendingReload, _reloading) = (null, false);
                    return;
                }

                (components, _pendingReload) = (_pendingReload, null);
            }

            try
            {
                await restarter.RestartAsync(settings.Role, components, "reload event", ct);
                await reporter.ReportRestartAsync(components, "reload event");
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                FollowerLog.ReloadFailed(logger, ex, settings.Role);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // Stopping: the restart's own step says what it left.
            }
        }
    }

    private static async Task UnsubscribeAsync(ChannelMessageQueue queue)
    {
        try
        {
            await queue.UnsubscribeAsync();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The connection is gone: nothing left to unsubscribe.
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
