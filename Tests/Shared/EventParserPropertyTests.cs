using System.Text;
using CsCheck;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The event parser against generated input (10,000 messages per property): it never throws, an accepted event holds
/// only valid names, and an error, which the follower logs, is always safe for a one-line log.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class EventParserPropertyTests
{
    public const int Iterations = 10_000;

    private static readonly Gen<string> AnyText = Gen.Char['\0', '\uFFFF'].Array[0, 120].Select(chars => new string(chars));

    /// <summary>What Redis hands the follower for a binary message: arbitrary bytes decoded as UTF-8.</summary>
    private static readonly Gen<string> DecodedBytes = Gen.Byte.Array[0, 200].Select(bytes => Encoding.UTF8.GetString(bytes));

    /// <summary>Near misses: a valid start followed by anything, so the parser gets past its first checks.</summary>
    private static readonly Gen<string> NearMisses = Gen.Select(
        Gen.OneOf(
            Gen.Const("reload "), Gen.Const("reload core "), Gen.Const("RELOAD * "), Gen.Const("{\"type\":\"reload\",\"role\":\""),
            Gen.Const("{\"type\":\"config\",\"role\":\"core\",\"serial\":"), Gen.Const("{\"type\":\"reload\",\"role\":\"core\",\"components\":[\""),
            Gen.Const("{\"type\":\""), Gen.Const("[[[[[[[[[[[[["), Gen.Const("\"")),
        Gen.OneOf(AnyText, DecodedBytes),
        (start, rest) => start + rest);

    [Fact]
    public void Parse_AnyText_NeverThrowsAndErrorsAreLogSafe() =>
        Gen.OneOf(AnyText, DecodedBytes, NearMisses).Sample(CheckParse, iter: Iterations);

    [Fact]
    public void Parse_NearMisses_NeverThrowsAndErrorsAreLogSafe() => NearMisses.Sample(CheckParse, iter: Iterations);

    [Fact]
    public void Parse_GarbageAfterReload_EchoesItEscaped()
    {
        var result = EventParser.Parse("\u001b[31mreload\u0000 core");

        result.IsValid.Should().BeFalse();
        result.Error.Should().Contain("\\x1B[31mreload\\x00").And.NotContain("\u001b");
    }

    [Fact]
    public void Escape_AnyText_IsLogSafeAndUnambiguous() => Gen.OneOf(AnyText, DecodedBytes, BackslashText).Sample(
        text =>
        {
            var escaped = LogText.Escape(text);
            LogText.IsSafe(escaped).Should().BeTrue();
            escaped.Should().NotContainAny("\n", "\r", "\u001b", "\0");
            Unescape(escaped).Should().Be(text, "every escape must decode to exactly one original text");
        },
        iter: Iterations);

    /// <summary>Text rich in backslashes and characters that look like escapes once written.</summary>
    private static readonly Gen<string> BackslashText = Gen.Int[0, 8].Select(i => new[] { "\\", "n", "x1B", "u200E", "\n", "\u001b", "\r", "\t", "a" }[i])
        .Array[0, 30].Select(parts => string.Concat(parts));

    /// <summary>The reverse of <see cref="LogText.Escape"/>: what an operator reading the log decodes.</summary>
    private static string Unescape(string escaped)
    {
        var text = new StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                text.Append(escaped[i]);
                continue;
            }

            var kind = escaped[++i];
            switch (kind)
            {
                case '\\': text.Append('\\'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'x': text.Append((char)Convert.ToInt32(escaped.Substring(i + 1, 2), 16)); i += 2; break;
                case 'u': text.Append((char)Convert.ToInt32(escaped.Substring(i + 1, 4), 16)); i += 4; break;
                default: throw new FormatException($"unknown escape \\{kind} at {i}");
            }
        }

        return text.ToString();
    }

    private static void CheckParse(string message)
    {
        var result = EventParser.Parse(message);
        if (result.IsValid)
        {
            result.Error.Should().BeNull();
            switch (result.Event)
            {
                case ConfigEvent config:
                    RedisKeys.IsValidRole(config.RoleName).Should().BeTrue();
                    config.Serial.Should().BePositive();
                    break;
                case ReloadEvent reload:
                    (reload.Role == BusEvent.AllRoles || RedisKeys.IsValidRole(reload.Role)).Should().BeTrue();
                    reload.Components.Where(c => !LogText.IsSafe(c) || c.Contains(' ', StringComparison.Ordinal)).Should().BeEmpty();
                    break;
            }
        }
        else
        {
            result.Error.Should().NotBeNullOrEmpty();
            LogText.IsSafe(result.Error!).Should().BeTrue($"the error is logged as it is: {LogText.Escape(result.Error)}");
        }
    }
}
