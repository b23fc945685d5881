using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// A Redis connection on one blocking socket, for the harness's own readers (<see cref="ClientCostAgent"/>,
/// <see cref="EventClock"/>): commands
/// written as RESP arrays, answers read on the calling thread as they come (simple strings and integers as text, bulk
/// strings as bytes, arrays as object arrays, nil as null; an error reply throws). No pipelining state, reconnection or TLS: the harness's
/// own Redis on loopback.
/// </summary>
internal sealed class RespConnection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RespConnection(Socket socket) => _socket = socket;

    /// <summary>When the last read from the socket returned (<see cref="Stopwatch.GetTimestamp"/>): an answer's arrival.</summary>
    public long LastReceived { get; private set; }

    public static RespConnection Connect(EndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endpoint);
        return new RespConnection(socket);
    }

    /// <summary>Writes the commands in one send.</summary>
    public void Send(params string[][] commands)
    {
        var text = new StringBuilder();
        foreach (var command in commands)
        {
            text.Append(CultureInfo.InvariantCulture, $"*{command.Length}\r\n");
            foreach (var part in command)
            {
                text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
            }
        }

        _socket.Send(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The next answer.</summary>
    /// <exception cref="InvalidOperationException">An error reply (its text in the message).</exception>
    /// <exception cref="InvalidDataException">Not RESP.</exception>
    /// <exception cref="FormatException">A length that is not a number.</exception>
    /// <exception cref="EndOfStreamException">The connection closed.</exception>
    public object? Read()
    {
        var line = Line();
        var rest = Encoding.ASCII.GetString(line[1..]);
        switch ((char)line[0])
        {
            case '+' or ':':
                return rest;
            case '-':
                throw new InvalidOperationException($"Redis answered: {rest}");
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var value = Bytes(length);
                Bytes(2);
                return value;
            }

            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = Read();
                }

                return items;
            }

            default:
                throw new InvalidDataException($"not a RESP answer: '{Encoding.ASCII.GetString(line)}'");
        }
    }

    private byte[] Line()
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = _buffer.AsSpan(_start, end).ToArray();
                _start += end + 2;
                return line.Length > 0 ? line : throw new InvalidDataException("an empty RESP line");
            }

            Fill();
        }
    }

    private byte[] Bytes(int count)
    {
        var result = new byte[count];
        for (var copied = 0; copied < count;)
        {
            if (_start == _end)
            {
                Fill();
            }

            var take = Math.Min(count - copied, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(copied));
            (_start, copied) = (_start + take, copied + take);
        }

        return result;
    }

    private void Fill()
    {
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        (_end, _start) = (_end - _start, 0);
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        LastReceived = Stopwatch.GetTimestamp();
        _end += read > 0 ? read : throw new EndOfStreamException("Redis closed the connection");
    }

    public void Dispose() => _socket.Dispose();
}
