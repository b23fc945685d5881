using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CsCheck;
using PryvBus.Leader.Validation;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Validation;

/// <summary>
/// The format checkers against the platform's own parsers, over generated and hostile text. CsCheck prints the seed
/// of a failing input, so a failure can be replayed with <c>seed:</c>.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ValueFormatPropertyTests
{
    private const long Inputs = 20_000;

    /// <summary>Text near the formats (digits, dots, colons, hex, '@', '-') and any text at all.</summary>
    private static readonly Gen<string> NearText = Gen.Frequency(
        (4, Gen.Char["0123456789."].Array[0, 16].Select(c => new string(c))),
        (3, Gen.Char["0123456789abcdefABCDEF:.%[]"].Array[0, 40].Select(c => new string(c))),
        (2, Gen.Char["abcxyz019-.@_ "].Array[0, 24].Select(c => new string(c))),
        (1, Gen.String),
        (1, Gen.Byte.Array[4].Select(b => new IPAddress(b).ToString())),
        (1, Gen.Byte.Array[16].Select(b => new IPAddress(b).ToString())));

    [Fact]
    public void IsIpv4_AcceptsExactlyWhatIPAddressWritesAsDottedDecimal() =>
        NearText.Sample(
            text => ValueFormats.IsIpv4(text)
                == (IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork && address.ToString() == text),
            iter: Inputs);

    [Fact]
    public void IsIpv4_AnyAddressAsWritten_IsAccepted() =>
        Gen.Byte.Array[4].Sample(bytes => ValueFormats.IsIpv4(new IPAddress(bytes).ToString()), iter: Inputs);

    [Fact]
    public void IsIpv6_AcceptedText_ParsesAsIPv6AndAnyAddressAsWrittenIsAccepted()
    {
        NearText.Sample(
            text => !ValueFormats.IsIpv6(text) || (IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6),
            iter: Inputs);
        Gen.Byte.Array[16].Sample(bytes => ValueFormats.IsIpv6(new IPAddress(bytes).ToString()), iter: Inputs);
    }

    [Fact]
    public void IsHostname_AcceptedText_IsDotSeparatedLabelsOfLettersDigitsAndHyphens() =>
        NearText.Sample(
            text => !ValueFormats.IsHostname(text)
                || (text.Length <= 253 && Uri.CheckHostName(text) == UriHostNameType.Dns
                    && text.Split('.').All(l => l.Length is >= 1 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-'))),
            iter: Inputs);

    [Fact]
    public void IsEmail_AcceptedText_HasOneHostAfterTheLastAt() =>
        NearText.Sample(
            text => !ValueFormats.IsEmail(text)
                || (ValueFormats.IsHostname(text[(text.LastIndexOf('@') + 1)..]) && !text.Any(char.IsWhiteSpace)),
            iter: Inputs);

    [Fact]
    public void IsPort_AcceptsExactlyTheWholeNumbersFrom1To65535() =>
        Gen.Int[-100_000, 100_000].Sample(
            n =>
            {
                var number = JsonDocument.Parse(n.ToString(CultureInfo.InvariantCulture)).RootElement;
                var text = JsonDocument.Parse("\"" + n.ToString(CultureInfo.InvariantCulture) + "\"").RootElement;
                return ValueFormats.IsPort(number) == n is >= 1 and <= 65535 && ValueFormats.IsPort(text) == n is >= 1 and <= 65535;
            },
            iter: Inputs);

    [Fact]
    public void Problem_AnyTextInAnyFormat_NeverThrows() =>
        Gen.Select(NearText, Gen.Int[0, ValueFormats.Names.Count - 1].Select(i => ValueFormats.Names[i])).Sample(
            (text, format) => _ = ValueFormats.Problem(format, JsonDocument.Parse(JsonSerializer.Serialize(text)).RootElement),
            iter: Inputs);
}
