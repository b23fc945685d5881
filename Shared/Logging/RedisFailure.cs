using StackExchange.Redis;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Which Redis failures are an outage (the server cannot be reached or did not answer in time: wait, it comes back)
/// and which are errors an operator must fix (NOPERM, WRONGPASS, OOM, READONLY…: retrying changes nothing).
/// </summary>
public static class RedisFailure
{
    /// <summary>Server replies that mean "not now": loading its data, no master, busy with a script.</summary>
    private static readonly string[] TransientReplies = ["LOADING", "MASTERDOWN", "TRYAGAIN", "BUSY", "CLUSTERDOWN"];

    /// <summary>True for a connection failure or a timeout; false for every other Redis error (and non-Redis exceptions).</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        RedisConnectionException connection => connection.FailureType is not (ConnectionFailureType.AuthenticationFailure),
        RedisTimeoutException or TimeoutException => true,
        RedisServerException server => TransientReplies.Any(r => server.Message.StartsWith(r, StringComparison.Ordinal)),
        _ => false,
    };

    /// <summary>True for a Redis error that is not an outage: the server answered, and refused.</summary>
    public static bool IsRefusal(Exception exception) => exception is RedisException && !IsOutage(exception);
}
