using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Both programs' log output: each entry formatted by <see cref="OneLineConsoleFormatter"/> and written to standard output
/// on the thread that logs it, one <c>write</c> per line, under a lock (lines never interleave). The framework's console
/// logger hands every entry to a thread of its own, woken for each one: on a follower, a thread switch more per change,
/// for the one line a change logs (docs/performance.md, session 28). A line that cannot be written (standard output
/// closed) is dropped; logging never fails the caller.
/// </summary>
[ProviderAlias("Console")]
public sealed class OneLineLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly Stream _output;
    private readonly OneLineConsoleFormatter _formatter;
    private readonly StringWriter _line = new(System.Globalization.CultureInfo.InvariantCulture);
    private byte[] _bytes = new byte[1024];

    /// <param name="output">Where lines go: standard output in the programs (<see cref="Console.OpenStandardOutput()"/>).</param>
    /// <param name="time">The clock of the timestamps.</param>
    public OneLineLoggerProvider(Stream output, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _formatter = new OneLineConsoleFormatter(time ?? TimeProvider.System);
    }

    public ILogger CreateLogger(string categoryName) => new OneLineLogger(categoryName, this);

    public void Dispose()
    {
        // Standard output is the process's: left open.
    }

    internal void Write<TState>(in LogEntry<TState> entry)
    {
        lock (_lock)
        {
            var text = _line.GetStringBuilder().Clear();
            _formatter.Write(entry, _line);
            if (text.Length == 0)
            {
                return;
            }

            var length = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_bytes.Length < length)
            {
                _bytes = new byte[Math.Max(length, _bytes.Length * 2)];
            }

            var count = Encoding.UTF8.GetBytes(text.ToString(), _bytes);
            try
            {
                _output.Write(_bytes, 0, count);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
            {
                // Standard output closed or gone: the line is lost, the caller goes on.
            }

            if (_bytes.Length > 64 * 1024)
            {
                _bytes = new byte[1024]; // one long line does not keep its buffer
            }
        }
    }
}
