namespace PryvBus.Leader.WebConsole;

/// <summary>
/// How many live feeds (<c>/console/events/convergence</c>) each operator holds open: at most <see cref="PerOperator"/>
/// at once, so one session (or a stolen cookie) cannot hold the leader's Redis reads open without bound.
/// </summary>
internal sealed class FeedStreams
{
    public const int PerOperator = 4;

    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>A place for one more feed of <paramref name="name"/>, given back when disposed; null when all are taken.</summary>
    public IDisposable? TryOpen(string name)
    {
        lock (_lock)
        {
            var open = _open.GetValueOrDefault(name);
            if (open >= PerOperator)
            {
                return null;
            }

            _open[name] = open + 1;
            return new Place(this, name);
        }
    }

    private void Close(string name)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(name, out var open) && open > 1)
            {
                _open[name] = open - 1;
            }
            else
            {
                _open.Remove(name);
            }
        }
    }

    private sealed class Place(FeedStreams owner, string name) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                owner.Close(name);
            }
        }
    }
}
