using System.Text.Json;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// Which exceptions stay inside one role (they become its error report) and which end the pass: a Redis outage or a
/// timeout or a cancellation concerns every role, so the service loop retries the pass with backoff instead.
/// </summary>
internal static class RoleFailure
{
    public static bool EndsThePass(Exception exception, CancellationToken ct) =>
        exception is RedisConnectionException or TimeoutException or StaleReadsException || (exception is OperationCanceledException && ct.IsCancellationRequested);

    /// <summary>Failures an operator can act on from the message alone: no stack trace in the log.</summary>
    public static bool IsExpected(Exception exception) =>
        exception is StoreDataException or State.StateException or RedisException or IOException or UnauthorizedAccessException or TimeoutException
            or InvalidOperationException or JsonException or FormatException or ArgumentException;

    public static RoleReport Report(string role, Exception exception) =>
        new(role, new RoleRender(role, null, [new RenderError($"role {role}", 0, 0, exception.Message)], Empty, Empty), null, 0);

    private static readonly IReadOnlyDictionary<string, IReadOnlyCollection<string>> Empty = new Dictionary<string, IReadOnlyCollection<string>>();
}
