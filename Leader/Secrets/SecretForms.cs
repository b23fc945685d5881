using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PryvBus.Leader.Secrets;

/// <summary>The forms a secret commonly takes in a rendered file, beside itself, for <see cref="SecretMasker"/>.</summary>
public static class SecretForms
{
    /// <summary>Base64 fragments shorter than this are not masked (they would match ordinary text).</summary>
    private const int MinBase64Fragment = 8;

    private static readonly SecretsJsonContext Relaxed = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static IEnumerable<string> Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        yield return value;
        yield return value.ToUpperInvariant();
        yield return value.ToLowerInvariant();
        yield return Uri.EscapeDataString(value);
        yield return WebUtility.UrlEncode(value);
        yield return WebUtility.HtmlEncode(value);
        yield return value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#x27;", StringComparison.Ordinal);
        yield return JsonSerializer.Serialize(value, SecretsJsonContext.Default.String)[1..^1];
        yield return JsonSerializer.Serialize(value, Relaxed.String)[1..^1];
        foreach (var fragment in Base64(Encoding.UTF8.GetBytes(value)))
        {
            yield return fragment;
            yield return fragment.Replace('+', '-').Replace('/', '_').TrimEnd('=');
        }
    }

    /// <summary>
    /// The base64 of the value alone, and the characters that depend on the value only when it starts 1 or 2 bytes into
    /// a longer base64 text (<c>user:password</c> in an HTTP basic header).
    /// </summary>
    private static IEnumerable<string> Base64(byte[] value)
    {
        yield return Convert.ToBase64String(value);
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. value]);
            var start = offset == 0 ? 0 : 4;
            var whole = (offset + value.Length) / 3 * 4;
            if (whole - start >= MinBase64Fragment)
            {
                yield return encoded[start..whole];
            }
        }
    }
}
