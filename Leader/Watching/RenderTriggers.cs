using System.Threading.Channels;

namespace PryvBus.Leader.Watching;

/// <summary>
/// Requests for a new render pass, coalesced: however many arrive while a pass runs, one more pass follows. Sources:
/// input changes on disk, SIGHUP (an operator's change: the pass may trust what it stored), Redis reconnection and the
/// periodic check (the pass checks every role). A checking request is never lost to a later trusting one: the coalesced
/// pass checks when any request it stands for asked to.
/// </summary>
public sealed class RenderTriggers
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _gate = new();
    private string? _checking;
    private string? _operator;

    /// <summary>A pass an operator's change asked for (SIGHUP, a file edit): unchanged roles may be kept without reading Redis.</summary>
    public static bool IsOperatorChange(string reason) =>
        reason == "SIGHUP" || reason.StartsWith(InputWatcher.ReasonPrefix, StringComparison.Ordinal);

    public void Request(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            if (IsOperatorChange(reason))
            {
                _operator = reason;
            }
            else
            {
                // The first one: what made the pass check.
                _checking ??= reason;
            }
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>Waits for the next request; every request made since the last one returned is part of it.</summary>
    public async ValueTask<RenderRequest> WaitAsync(CancellationToken ct)
    {
        while (true)
        {
            await _signal.Reader.ReadAsync(ct);
            lock (_gate)
            {
                // A signal can outlive the requests it announced (taken with an earlier signal): wait for the next one.
                if (Take() is { } request)
                {
                    return request;
                }
            }
        }
    }

    /// <summary>
    /// Whether a request arrives (or is already waiting) within <paramref name="within"/>; the request stays for
    /// <see cref="WaitAsync"/>.
    /// </summary>
    public async ValueTask<bool> ArrivesWithinAsync(TimeSpan within, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(within);
        try
        {
            return await _signal.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private RenderRequest? Take()
    {
        var (checking, change) = (_checking, _operator);
        (_checking, _operator) = (null, null);
        return (checking, change) switch
        {
            (null, null) => null,
            (null, { } only) => new RenderRequest(only, TrustStored: true),
            ({ } only, null) => new RenderRequest(only, TrustStored: false),
            _ => new RenderRequest($"{checking}; {change}", TrustStored: false),
        };
    }
}
