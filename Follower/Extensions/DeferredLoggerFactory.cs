using Microsoft.Extensions.Logging;

namespace PryvBus.Follower.Extensions;

/// <summary>
/// A logger factory handed to the Redis client before the host (and its logger factory) exists, so the connection can
/// start while the host is built. What is logged before <see cref="Attach"/> waits in a bounded buffer and is then
/// written through the host's loggers, which apply the configured level; after it, every line goes straight through.
/// </summary>
public sealed class DeferredLoggerFactory : ILoggerFactory
{
    /// <summary>Lines kept before the host's factory is attached; later ones are dropped (the first tell the story).</summary>
    public const int BufferLimit = 256;
    private readonly Lock _gate = new();
    private readonly List<(string Category, Action<ILogger> Write)> _buffer = [];
    private volatile ILoggerFactory? _target;

    /// <summary>From now on every logger writes through <paramref name="target"/>; the buffered lines are written first.</summary>
    public void Attach(ILoggerFactory target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_gate)
        {
            if (_target is not null)
            {
                return;
            }

            foreach (var (category, write) in _buffer)
            {
                write(target.CreateLogger(category));
            }

            _buffer.Clear();
            _target = target;
        }
    }

    public ILogger CreateLogger(string categoryName) => new DeferredLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the host's logger factory holds the providers");

    /// <summary>The host's factory belongs to the host: it disposes it.</summary>
    public void Dispose()
    {
    }

    internal ILoggerFactory? Target => _target;

    /// <summary>Writes now when attached, else keeps the line (the oldest <see cref="BufferLimit"/> lines at most).</summary>
    internal void Write(string category, Action<ILogger> write)
    {
        if (_target is { } attached)
        {
            write(attached.CreateLogger(category));
            return;
        }

        lock (_gate)
        {
            if (_target is { } late)
            {
                write(late.CreateLogger(category));
            }
            else if (_buffer.Count < BufferLimit)
            {
                _buffer.Add((category, write));
            }
        }
    }
}
