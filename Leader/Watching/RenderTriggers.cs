using System.Threading.Channels;

namespace PryvBus.Leader.Watching;

/// <summary>
/// Requests for a new render pass, coalesced: however many arrive while a pass runs, one more pass follows.
/// Sources: input changes on disk, SIGHUP.
/// </summary>
public sealed class RenderTriggers
{
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Request(string reason) => _channel.Writer.TryWrite(reason);

    public ValueTask<string> WaitAsync(CancellationToken ct) => _channel.Reader.ReadAsync(ct);
}
