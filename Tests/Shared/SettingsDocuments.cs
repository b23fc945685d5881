using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace PryvBus.Tests.Shared;

/// <summary>
/// Generators of settings documents for property tests: JSON text with the keys of both programs (and near misses,
/// and junk) at every level, values of every kind, deep nesting, huge numbers, control characters; and garbage.
/// </summary>
internal static class SettingsDocuments
{
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every key either program reads, at any level, so generated documents often have the right shape.</summary>
    public static readonly string[] KnownKeys =
    [
        "redis", "keyPrefix", "templatesPath", "stateDirectory", "historyLength", "watchDebounceMs", "checkIntervalSeconds",
        "watch", "platform", "secrets", "followers", "http", "acl", "configuration", "user", "password", "caCertificate",
        "enabled", "urls", "adminKey", "provision", "id", "role", "key", "scope", "length", "alphabet", "description", "value",
        "configRoot", "pollIntervalSeconds", "pollJitter", "metricsPort", "files", "containers", "owner", "group", "mode",
        "secretMode", "directoryMode", "composeProject", "names", "stopTimeoutSeconds", "parallelism", "waitTimeoutSeconds",
        "maxAttempts", "retryDelaySeconds", "endpoint", "DOMAIN", "NODE", "secret", "statusKey", "failedKeyLimit",
        "failedKeyWindowSeconds", "trustedProxies", "validation", "skip", "type", "enum", "pattern", "min", "max", "format",
        "required", "composePolicy", "allowPrivileged", "allowCapabilities", "allowDevices", "allowHostNamespaces",
        "allowedBindSources",
    ];

    private static readonly string[] NearMisses = ["configuraton", "histroyLength", "adminkey", "provison", "rol", "descripton", "lenght", "pasword", ""];

    private static readonly string[] Strings =
    [
        "", " ", "core", "core-1", "Bad Id", "role", "platform", "hex", "base64url", "ab", "aa", "0644", "0999", "pryv", "root",
        "127.0.0.1:6379", "127.0.0.1:1,ssl=true", "=,=", "http://127.0.0.1:7070", "ftp://x", "not a url", "../data", "../state",
        "/", "/nonexistent/ca.crt", "${PRYV_CONF_ROOT}/pryv/", "${NOPE}", "relative", "unix:///var/run/docker.sock",
        "change-me-core-1-key-0123456789", "0123456789abcdef0123", "short", "a\u0000b", "line\nbreak", "\u202e", "é", "\ud800",
        "off", "NET_ADMIN", "string", "integer", "hostname", "port", "ipv4", "email", "**/*.yml", "^(a+)+$", "(unclosed", "[",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "5", "16", "20", "0.5", "1.5", "-0", "1e400", "-1e400", "99999999999999999999", "65536", "2147483648", "1e-400",
    ];

    public static readonly Gen<string> Key = Gen.Frequency(
        (6, Gen.OneOf(KnownKeys.Select(Gen.Const).ToArray())),
        (2, Gen.OneOf(NearMisses.Select(Gen.Const).ToArray())),
        (1, Gen.String[0, 12]));

    private static readonly Gen<string> Leaf = Gen.Frequency(
        (3, Gen.OneOf(Strings.Select(Gen.Const).ToArray()).Select(Quote)),
        (1, Gen.String[0, 20].Select(Quote)),
        (2, Gen.OneOf(Numbers.Select(Gen.Const).ToArray())),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("null"))));

    /// <summary>Any JSON value, nested up to 5 levels.</summary>
    public static readonly Gen<string> Value = Gen.Recursive<string>((depth, inner) => depth >= 5
        ? Leaf
        : Gen.Frequency(
            (4, Leaf),
            (2, Gen.Select(Key, inner).Array[0, 6].Select(pairs => "{" + string.Join(", ", pairs.Select(p => Quote(p.Item1) + ": " + p.Item2)) + "}")),
            (1, inner.Array[0, 4].Select(items => "[" + string.Join(", ", items) + "]"))));

    /// <summary>A whole document: mostly an object of known keys, sometimes anything.</summary>
    public static readonly Gen<string> Document = Gen.Frequency(
        (8, Gen.Select(Key, Value).Array[0, 10].Select(pairs => "{" + string.Join(",\n", pairs.Select(p => Quote(p.Item1) + ": " + p.Item2)) + "}")),
        (1, Value));

    /// <summary>A valid follower document plus a few generated keys: often accepted, so acceptance is exercised too.</summary>
    public static readonly Gen<string> FollowerDocument = Gen.Frequency(
        (3, Document),
        (1, Gen.Select(Key, Value).Array[0, 3].Select(pairs =>
            """{ "id": "core-1", "role": "core", "key": "0123456789abcdef0123", "configRoot": "/var/pryv/pryv", "redis": { "configuration": "127.0.0.1:6379" }"""
            + string.Concat(pairs.Select(p => ",\n" + Quote(p.Item1) + ": " + p.Item2)) + "}")));

    /// <summary>Text that is mostly not JSON: random characters, and documents cut or spliced at random.</summary>
    public static readonly Gen<string> Garbage = Gen.Frequency(
        (1, Gen.String[0, 200]),
        (2, Gen.Select(Document, Gen.Int[0, 10_000], (d, cut) => d[..Math.Min(cut, d.Length)])),
        (1, Gen.Select(Document, Gen.Int[0, 10_000], Gen.Char, (d, at, c) => d.Insert(Math.Min(at, d.Length), c.ToString()))),
        (1, Gen.Select(Document, Gen.Int[0, 4], (d, n) => "// comment\n" + d + new string(',', n) + "/* trailing */")));

    /// <summary>The environment variables the programs read, with good, bad and sample values.</summary>
    public static readonly Gen<Dictionary<string, string>> Environment = Gen.Select(
            Gen.OneOf(Gen.Const("PRYVBUS_ADMIN_KEY"), Gen.Const("PRYVBUS_REDIS_PASSWORD"), Gen.Const("PRYVBUS_DEMO"),
                Gen.Const("PRYVBUS_SECRET_SMTP_PASSWORD"), Gen.Const("PRYVBUS_SECRET_bad-name"), Gen.Const("PRYV_CONF_ROOT"), Gen.Const("NOPE"),
                Gen.Const("PRYVBUS_LOG_LEVEL")),
            Gen.OneOf(
                Gen.OneOf(Strings.Select(Gen.Const).ToArray()),
                Gen.OneOf(Gen.Const("1"), Gen.Const("0"), Gen.Const("/var/pryv"), Gen.Const("debug"), Gen.Const("Warn")),
                Gen.String[0, 20]))
        .Array[0, 4]
        .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal));

    public static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);

    /// <summary>For a failure report: the text with control characters visible.</summary>
    public static string Show(string text)
    {
        var result = new StringBuilder();
        foreach (var c in text)
        {
            result.Append(char.IsControl(c) && c != '\n' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return result.ToString();
    }
}
