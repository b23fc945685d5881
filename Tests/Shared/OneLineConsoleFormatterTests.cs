using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class OneLineConsoleFormatterTests
{
    private static string Format(string message, Exception? exception = null)
    {
        using var output = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Warning, "PryvBus.Test", new EventId(202), message, exception, (state, _) => state);
        new OneLineConsoleFormatter().Write(entry, output);
        return output.ToString();
    }

    [Fact]
    public void Write_MessageWithNewlineAndEscape_IsOneEscapedLine()
    {
        var line = Format("first\n2026-01-01T00:00:00.000Z info  forged \u001b[2J");

        line.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warn  PryvBus\.Test\[202\] first\\n2026-01-01T00:00:00\.000Z info  forged \\x1B\[2J\n$");
    }

    [Fact]
    public void Write_LiteralBackslashN_DiffersFromAnEscapedNewline()
    {
        // A literal backslash followed by "n" must not read like an escaped newline, nor "\\x1B" like an escape.
        var literal = Format("a\\nb \\x1B");
        var newline = Format("a\nb \u001b");

        literal.Should().EndWith("a\\\\nb \\\\x1B\n");
        newline.Should().EndWith("a\\nb \\x1B\n");
        literal.Should().NotBe(newline);
    }

    [Fact]
    public void Write_Exception_IsItsTypeAndMessageWithoutStackTrace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("outer", new IOException("inner\nsecond line"));
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var line = Format("failed", thrown);

        line.Should().EndWith("failed (InvalidOperationException: outer <- IOException: inner\\nsecond line)\n");
        line.Count(c => c == '\n').Should().Be(1);
    }
}
