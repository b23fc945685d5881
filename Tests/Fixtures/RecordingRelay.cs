using System.Net;
using System.Net.Sockets;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// A loopback TCP relay to <c>127.0.0.1:{target}</c> that keeps every byte the clients sent: what a listener on the
/// network between a follower and Redis would read.
/// </summary>
public sealed class RecordingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _sent = new();
    private readonly Task _accepting;

    public RecordingRelay(int target)
    {
        _listener.Start();
        _accepting = AcceptAsync(target);
    }

    /// <summary>The relay's endpoint, <c>127.0.0.1:{port}</c>.</summary>
    public string Endpoint => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every byte the clients sent so far, in order of arrival.</summary>
    public byte[] Sent()
    {
        lock (_sent)
        {
            return _sent.ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        await _sent.DisposeAsync();
    }

    private async Task AcceptAsync(int target)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, target, _stop.Token);
            _ = CopyAsync(client, server, record: true);
            _ = CopyAsync(server, client, record: false);
        }
    }

    private async Task CopyAsync(TcpClient from, TcpClient to, bool record)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.GetStream().ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (record)
                {
                    lock (_sent)
                    {
                        _sent.Write(buffer, 0, read);
                    }
                }

                await to.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The other side closed, or the relay stops.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
