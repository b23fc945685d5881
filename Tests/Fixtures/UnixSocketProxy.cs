using System.Net.Sockets;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// A Unix socket that forwards to another one (the Docker daemon's) while "up", and does not exist while "down":
/// a Docker endpoint a test can take away and give back without ever stopping the shared daemon.
/// </summary>
public sealed class UnixSocketProxy : IAsyncDisposable
{
    private readonly string _target;
    private readonly TempDirectory _folder = new();
    private Socket? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accepting;

    public UnixSocketProxy(string targetSocketPath) => _target = targetSocketPath;

    public string SocketPath => _folder.Combine("docker.sock");

    public string Endpoint => "unix://" + SocketPath;

    public void Up()
    {
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _stop = new CancellationTokenSource();
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    public async Task DownAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            _listener!.Dispose();
            await _accepting!.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
            _stop = null;
        }

        File.Delete(SocketPath);
    }

    public async ValueTask DisposeAsync()
    {
        await DownAsync();
        _folder.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var client = await listener.AcceptAsync(ct);
            _ = PipeAsync(client, ct);
        }
    }

    private async Task PipeAsync(Socket client, CancellationToken ct)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_target), ct);
                await using var a = new NetworkStream(client, ownsSocket: false);
                await using var b = new NetworkStream(upstream, ownsSocket: false);
                await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // One side closed: the other follows.
            }
        }
    }
}
