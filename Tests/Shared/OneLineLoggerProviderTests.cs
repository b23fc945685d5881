using System.Text;
using Microsoft.Extensions.Logging;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The programs' log output: written on the thread that logs, before <c>Log</c> returns (the framework's console logger
/// hands each entry to a thread of its own, one more thread switch per entry), one write per line, never torn by another
/// thread's line, and never failing the caller.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OneLineLoggerProviderTests
{
    [Fact]
    public void Log_Entry_WrittenWholeByTheLoggingThreadBeforeLogReturns()
    {
        var output = new RecordingStream();
        using var provider = new OneLineLoggerProvider(output);

        Log(provider.CreateLogger("PryvBus.Test"), LogLevel.Information, "applied version 42", id: 7);

        output.Writes.Should().ContainSingle();
        output.Writes[0].Thread.Should().Be(Environment.CurrentManagedThreadId);
        Encoding.UTF8.GetString(output.Writes[0].Bytes).Should().MatchRegex(@"^\S+Z info  PryvBus\.Test\[7\] applied version 42\n$");
    }

    [Fact]
    public void Log_NonAsciiMessage_IsUtf8()
    {
        var output = new RecordingStream();
        using var provider = new OneLineLoggerProvider(output);

        Log(provider.CreateLogger("c"), LogLevel.Warning, "rôle é 😀 " + new string('x', 5000));

        Encoding.UTF8.GetString(output.Writes.Single().Bytes).Should().EndWith("rôle é 😀 " + new string('x', 5000) + "\n");
    }

    [Fact]
    public async Task Log_ManyThreadsAtOnce_EveryLineWholeAndOnItsOwn()
    {
        var output = new RecordingStream();
        using var provider = new OneLineLoggerProvider(output);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var logger = provider.CreateLogger("thread" + t);
            for (var i = 0; i < 200; i++)
            {
                Log(logger, LogLevel.Information, $"line {t} {i} {new string((char)('a' + t), 300)}");
            }
        })));

        var lines = output.Writes.Select(w => Encoding.UTF8.GetString(w.Bytes)).ToList();
        lines.Should().HaveCount(800).And.OnlyContain(l => l.EndsWith('\n') && l.IndexOf('\n', StringComparison.Ordinal) == l.Length - 1);
        lines.Select(l => l.Split(' ')[^3] + " " + l.Split(' ')[^2]).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Log_EntryLoggedWhileAnotherIsFormatted_BothLinesWhole()
    {
        var output = new RecordingStream();
        using var provider = new OneLineLoggerProvider(output);
        var logger = provider.CreateLogger("outer");

        logger.Log(LogLevel.Information, new EventId(1), "outer message", null, (state, _) =>
        {
            Log(provider.CreateLogger("inner"), LogLevel.Information, "inner message");
            return state;
        });

        output.Writes.Select(w => Encoding.UTF8.GetString(w.Bytes)).Should().SatisfyRespectively(
            inner => inner.Should().EndWith(" info  inner[0] inner message\n"),
            outer => outer.Should().EndWith(" info  outer[1] outer message\n"));
    }

    [Fact]
    public void Log_OutputClosed_LineDroppedCallerGoesOn()
    {
        using var provider = new OneLineLoggerProvider(new RecordingStream { Fail = true });
        var logger = provider.CreateLogger("c");

        var log = () => Log(logger, LogLevel.Error, "failed", new InvalidOperationException("boom"));

        log.Should().NotThrow();
    }

    [Fact]
    public void Log_LevelNone_NothingWritten()
    {
        var output = new RecordingStream();
        using var provider = new OneLineLoggerProvider(output);

        Log(provider.CreateLogger("c"), LogLevel.None, "nothing");

        output.Writes.Should().BeEmpty();
    }

    private static void Log(ILogger logger, LogLevel level, string message, Exception? exception = null, int id = 0) =>
        logger.Log(level, new EventId(id), message, exception, (state, _) => state);

    private sealed class RecordingStream : Stream
    {
        private readonly Lock _lock = new();

        public List<(int Thread, byte[] Bytes)> Writes { get; } = [];

        public bool Fail { get; init; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Fail)
            {
                throw new IOException("Broken pipe");
            }

            lock (_lock)
            {
                Writes.Add((Environment.CurrentManagedThreadId, buffer.AsSpan(offset, count).ToArray()));
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
