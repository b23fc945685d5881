using System.Text;
using CsCheck;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Shared.Logging;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The event parser against generated input (10,000 messages per property): it never throws, an accepted event holds
/// only valid names, and an error, which the follower logs, is always safe for a one-line log.
/// </summary>
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
    public void Escape_AnyText_IsLogSafeAndStable() => Gen.OneOf(AnyText, DecodedBytes).Sample(
        text =>
        {
            var escaped = LogText.Escape(text);
            LogText.IsSafe(escaped).Should().BeTrue();
            escaped.Should().NotContainAny("\n", "\r", "\u001b", "\0");
            LogText.Escape(escaped).Should().Be(escaped, "escaped text needs no second escape");
        },
        iter: Iterations);

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
