using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Pipeline;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The pipeline's logger in the harness: it notes when the pipeline logs that a role was stored (event 11, logged right
/// after <c>VersionStore.StoreAsync</c> returned: EXEC answered; the event went out with that transaction). Nothing is
/// written anywhere.
/// </summary>
internal sealed class CommitClock : ILogger<PlatformPipeline>
{
    private const int RoleStoredEvent = 11;

    /// <summary>Stopwatch timestamp of the last "stored" event; 0 before any.</summary>
    public long LastCommitted { get; private set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == RoleStoredEvent)
        {
            LastCommitted = Stopwatch.GetTimestamp();
        }
    }
}
