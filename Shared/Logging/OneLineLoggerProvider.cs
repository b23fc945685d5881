using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Both programs' log output: each entry formatted by <see cref="OneLineConsoleFormatter"/> and written to standard output
/// on the thread that logs it, one <c>write</c> per line, under a lock (lines never interleave). The framework's console
/// logger hands every entry to a thread of its own, woken for each one: on a follower, a thread switch more per change,
/// for the one line a change logs (docs/performance.md, "Fewer system calls and hand-offs per change"). A line that cannot
/// be written (standard output closed) is dropped; logging never fails the caller. A reader that stops reading standard
/// output (a full pipe) holds the threads that log, where the framework's logger held them once its queue of 2,500
/// entries was full: standard output is the log's, read by the container runtime or the service manager.
/// </summary>
[ProviderAlias("Console")]
public sealed class OneLineLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly Stream _output;
    private readonly OneLineConsoleFormatter _formatter;
    private readonly StringWriter _line = new(System.Globalization.CultureInfo.InvariantCulture);
    private byte[] _bytes = new byte[1024];
    private bool _formatting;

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
            // An entry logged while one is formatted (by a value's ToString) gets a writer of its own.
            var writer = _formatting ? new StringWriter(System.Globalization.CultureInfo.InvariantCulture) : _line;
            var text = writer.GetStringBuilder().Clear();
            var outer = !_formatting;
            _formatting = true;
            try
            {
                _formatter.Write(entry, writer);
            }
            finally
            {
                _formatting = !outer;
            }

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
