using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PryvBus.Leader.Validation;

/// <summary>
/// The <c>format</c> a platform value may declare, each checked strictly (what a configuration file can rely on,
/// not what some parser tolerates): <c>ipv4</c> is canonical dotted decimal (<c>10.0.0.1</c>, not <c>10.1</c> or
/// <c>010.0.0.1</c>), <c>hostname</c> is RFC 1123 labels, <c>url</c> an absolute <c>scheme://host…</c>.
/// </summary>
public static class ValueFormats
{
    public static readonly IReadOnlyList<string> Names = ["hostname", "ipv4", "ipv6", "url", "email", "port"];

    /// <summary>Null when <paramref name="value"/> has the format; otherwise what it must be.</summary>
    public static string? Problem(string format, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format == "port")
        {
            return IsPort(value) ? null : "must be a port: a whole number from 1 to 65535 (or a string of one)";
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        var (ok, what) = format switch
        {
            "hostname" => (text is not null && IsHostname(text), "a host name (letters, digits and '-' in dot-separated labels of at most 63, 253 in all, the last one starting with a letter)"),
            "ipv4" => (text is not null && IsIpv4(text), "an IPv4 address in dotted decimal (203.0.113.10)"),
            "ipv6" => (text is not null && IsIpv6(text), "an IPv6 address (2001:db8::1), without brackets or zone"),
            "url" => (text is not null && IsUrl(text), "an absolute URL (https://host/path)"),
            "email" => (text is not null && IsEmail(text), "an e-mail address (name@host.example)"),
            _ => (false, "of an unknown format"),
        };
        return ok ? null : $"must be {what}";
    }

    public static bool IsHostname(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 0 or > 253)
        {
            return false;
        }

        // The last label starts with a letter (RFC 3696 2: a top-level domain is alphabetic): 1.2.3.4 and 0x1 are
        // addresses to every URL parser, never names.
        var labels = text.Split('.');
        return labels[^1].Length > 0 && char.IsAsciiLetter(labels[^1][0]) && labels.All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    /// <summary>Exactly the text <see cref="IPAddress"/> parses as IPv4 and writes back the same: four decimal parts.</summary>
    public static bool IsIpv4(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0')
            && int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture) <= 255);
    }

    public static bool IsIpv6(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains(':', StringComparison.Ordinal)
            && text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    public static bool IsUrl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return scheme > 0
            && char.IsAsciiLetter(text[0]) && text[..scheme].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0;
    }

    /// <summary>A plain address: a dot-atom local part, '@', a host name with at least one dot.</summary>
    public static bool IsEmail(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        if (at <= 0 || at > 64)
        {
            return false;
        }

        var local = text[..at];
        var host = text[(at + 1)..];
        return local.Split('.').All(atom => atom.Length > 0 && atom.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~-".Contains(c)))
            && host.Contains('.', StringComparison.Ordinal) && IsHostname(host);
    }

    public static bool IsPort(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt32(out var number) && number is >= 1 and <= 65535,
        JsonValueKind.String => value.GetString() is { Length: > 0 and <= 5 } text && text.All(char.IsAsciiDigit) && text[0] != '0'
            && int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) <= 65535,
        _ => false,
    };
}
