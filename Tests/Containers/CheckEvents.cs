using System.Collections.Concurrent;
using Docker.DotNet.Models;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

/// <summary>Counts the check containers Docker creates for one component (named <c>pryvbus-check-{component}-…</c>), from the daemon's event stream.</summary>
internal sealed class CheckEvents : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<string> _created = [];
    private readonly Task _monitor;

    private CheckEvents(DockerDaemon docker, string component)
    {
        var prefix = "pryvbus-check-" + component + "-";
        var from = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var progress = new Progress(m =>
        {
            if (m.TimeNano >= from && m.Actor?.Attributes is { } attributes && attributes.TryGetValue("name", out var name) && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                _created.Add(name);
            }
        });
        _monitor = docker.Client.System.MonitorEventsAsync(
            new ContainerEventsParameters
            {
                // From a second back (counted from this instant): what happens while the stream opens is not missed.
                Since = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["type"] = new Dictionary<string, bool> { ["container"] = true },
                    ["event"] = new Dictionary<string, bool> { ["create"] = true },
                },
            },
            progress,
            _stop.Token);
    }

    public int Created => _created.Count;

    public static CheckEvents Watch(DockerDaemon docker, string component) => new(docker, component);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _monitor;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Calls back synchronously (Progress&lt;T&gt; would post to the thread pool, out of order with the test's reads).</summary>
    private sealed class Progress(Action<Message> onEvent) : IProgress<Message>
    {
        public void Report(Message value) => onEvent(value);
    }
}
