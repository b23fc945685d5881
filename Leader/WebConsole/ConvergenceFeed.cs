using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Status;
using StackExchange.Redis;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// The convergence table as a stream for server-sent events: the rows as JSON, sent at once and then whenever they
/// change (read every half second; a follower writes its status hash without publishing). Redis unreachable: one
/// <c>{"error":…}</c> and the stream keeps trying. Before each read the session is checked again, as a request is: once
/// it is over (signed out, expired, the operator removed, disabled or on a new session stamp), one last
/// <c>{"error":…}</c> and the stream ends.
/// </summary>
public sealed class ConvergenceFeed(SettingsProvider settings, IConnectionMultiplexer redis, ILogger<ConvergenceReader> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public const string Ended = "the session has ended: sign in again";

    /// <param name="signedIn">True while the session that opened the feed is still the operator's.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async IAsyncEnumerable<string> StreamAsync(Func<bool> signedIn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!signedIn())
            {
                yield return JsonSerializer.Serialize(new FeedError(Ended), ConsoleJsonContext.Default.FeedError);
                yield break;
            }

            var json = await ReadAsync();
            if (json != last)
            {
                last = json;
                yield return json;
            }

            try
            {
                await Task.Delay(Interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private async Task<string> ReadAsync()
    {
        try
        {
            var rows = await new ConvergenceReader(redis, logger).ReadAsync(settings.Current);
            return JsonSerializer.Serialize(new FeedAnswer(rows.Count(r => r.Converged), rows.Count, rows.Select(FeedFollower.Of)), ConsoleJsonContext.Default.FeedAnswer);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return JsonSerializer.Serialize(new FeedError("Redis is unreachable: the table shows the last rows read"), ConsoleJsonContext.Default.FeedError);
        }
    }
}
