using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.Api;

/// <summary>
/// Failed key attempts per client (<see cref="ClientAddress"/>), in fixed windows. A request that presents a key takes
/// a permit <em>before</em> the key is compared (<see cref="TryAcquire"/>), so parallel guesses cannot all pass a check
/// made before any of them is counted; a right key (or one that is not a guess) gives it back (<see cref="Release"/>).
/// A client with no permit left gets 429 on every request that presents a key, right or wrong (a right key must not
/// tell a guesser it was right), until its window ends. Other clients are not affected, and requests without a key
/// (liveness) never count.
/// </summary>
public sealed class KeyAttemptLimiter(int limit, TimeSpan window, IReadOnlyList<IPNetwork> trustedProxies, TimeProvider? time = null) : IDisposable
{
    /// <summary>Past this many clients, windows that ended are swept (at most once per window).</summary>
    private const int SweepThreshold = 1024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, Budget> _budgets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _lastSweep;

    /// <summary>Takes one permit for this request's client; false when none is left (answer <see cref="TooMany"/>).</summary>
    public bool TryAcquire(HttpContext context)
    {
        var client = ClientOf(context);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            Sweep(now);
            if (!_budgets.TryGetValue(client, out var budget) || Ended(budget, now))
            {
                budget = new Budget(now);
                _budgets[client] = budget;
            }

            if (budget.Used >= limit)
            {
                return false;
            }

            budget.Used++;
            return true;
        }
    }

    /// <summary>The key was right, or not a guess (a follower's key for another role): the permit is given back.</summary>
    public void Release(HttpContext context)
    {
        var client = ClientOf(context);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_budgets.TryGetValue(client, out var budget) && !Ended(budget, now) && budget.Used > 0)
            {
                budget.Used--;
            }
        }
    }

    public IResult TooMany(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = Math.Ceiling(window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return ApiErrors.Json(StatusCodes.Status429TooManyRequests, "too many failed key attempts from this address: retry later");
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _budgets.Clear();
        }
    }

    private bool Ended(Budget budget, long now) => _time.GetElapsedTime(budget.Start, now) >= window;

    private void Sweep(long now)
    {
        if (_budgets.Count < SweepThreshold || _time.GetElapsedTime(_lastSweep, now) < window)
        {
            return;
        }

        _lastSweep = now;
        foreach (var ended in _budgets.Where(b => Ended(b.Value, now)).Select(b => b.Key).ToList())
        {
            _budgets.Remove(ended);
        }
    }

    /// <summary>The request's client address as the budgets see it, through the trusted proxies (for the audit trail).</summary>
    public string AddressOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ClientAddress.Resolve(context.Connection.RemoteIpAddress, ForwardedFor(context), trustedProxies)?.ToString() ?? "unknown";
    }

    private string ClientOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ClientAddress.Of(context.Connection.RemoteIpAddress, ForwardedFor(context), trustedProxies);
    }

    private string? ForwardedFor(HttpContext context) =>
        trustedProxies.Count == 0 ? null : context.Request.Headers[ClientAddress.ForwardedForHeader].ToString();

    private sealed class Budget(long start)
    {
        public long Start { get; } = start;

        public int Used { get; set; }
    }
}
