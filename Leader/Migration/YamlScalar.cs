using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Leader.Migration;

/// <summary>
/// What a YAML scalar is for Pryv's config leader (js-yaml's default schema): quoted and block scalars are strings;
/// a plain scalar is null, a boolean, a number or else a string. Forms js-yaml reads in ways a JSON value cannot keep
/// (timestamps, legacy octal, sexagesimal, underscores in numbers) are refused with a reason.
/// </summary>
internal static partial class YamlScalar
{
    /// <returns>The value (string, double, bool or null) or a problem.</returns>
    public static (object? Value, string? Problem) Read(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        var tagged = !node.Tag.IsEmpty && !node.Tag.IsNonSpecific;
        if (tagged && node.Tag.Value != "tag:yaml.org,2002:str")
        {
            return (null, $"the tag {node.Tag.Value} is not supported");
        }

        if (tagged || node.Style != ScalarStyle.Plain)
        {
            return (text, null);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return (null, null);
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return (text[0] is 't' or 'T', null);
        }

        if (Decimal().IsMatch(text) || Float().IsMatch(text))
        {
            return (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), null);
        }

        if (Hex().Match(text) is { Success: true } hex)
        {
            var number = (double)ulong.Parse(hex.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (hex.Groups[1].Value == "-" ? -number : number, null);
        }

        if (text is ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN")
        {
            return (null, $"'{text}' is not a finite number (JSON has no such value)");
        }

        if (Ambiguous().IsMatch(text))
        {
            return (null, $"'{text}' is read by Pryv as a date or a number in a form this import does not reproduce: quote it");
        }

        return (text, null);
    }

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex("^([-+]?)0x([0-9a-fA-F]{1,15})$")]
    private static partial Regex Hex();

    /// <summary>Timestamps, legacy octal, binary, sexagesimal and numbers with underscores, as js-yaml reads them.</summary>
    [GeneratedRegex(@"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?|[-+]?0[0-7_]+|[-+]?0b[01_]+|[-+]?0o[0-7_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?0x[0-9a-fA-F_]+)$")]
    private static partial Regex Ambiguous();
}
