using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.Api;

/// <summary>
/// Failed key attempts per client address, with the framework's fixed-window rate limiter (one partition per
/// address): a wrong key uses one permit; a client with none left gets 429 on every request that presents a key,
/// right or wrong (a right key must not tell a guesser it was right), until the window ends. Other clients are not
/// affected, and requests without a key (liveness) never count.
/// </summary>
public sealed class KeyAttemptLimiter(int limit, TimeSpan window) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public bool IsBlocked(HttpContext context) => _failures.GetStatistics(ClientOf(context))?.CurrentAvailablePermits <= 0;

    public void RecordFailure(HttpContext context)
    {
        using var lease = _failures.AttemptAcquire(ClientOf(context));
    }

    public IResult TooMany(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = Math.Ceiling(window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return ApiErrors.Json(StatusCodes.Status429TooManyRequests, "too many failed key attempts from this address: retry later");
    }

    public void Dispose() => _failures.Dispose();

    /// <summary>The peer's address (an IPv4 client seen over IPv6 counts as its IPv4 address).</summary>
    private static string ClientOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        return address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
