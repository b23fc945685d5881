using System.Text.RegularExpressions;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// Pryv.io's own configuration templates (the test corpus, never copied into the project): <c>../shared/pryv-templates</c>
/// beside the repository, or the folder in <c>PRYVBUS_PRYV_TEMPLATES</c>. Tests using it skip with a message when absent.
/// </summary>
public static partial class PryvCorpus
{
    public const string Variable = "PRYVBUS_PRYV_TEMPLATES";

    public static string? Root { get; } = Find();

    /// <summary><c>cluster</c> or <c>single-node</c>'s config-leader folder.</summary>
    public static string Leader(string flavour) => Path.Combine(Root!, "pryv.io", flavour, "config-leader");

    /// <summary>
    /// A copy of a config-leader folder as an installed Pryv leader has it (<c>conf/platform.yml</c>,
    /// <c>conf/config-leader.json</c>, <c>data/</c>), every <c>REPLACE_ME</c> filled with a plausible value chosen by the
    /// setting it belongs to (text with quotes, accents and markup where Pryv writes JSON).
    /// </summary>
    public static void Install(string flavour, string target)
    {
        var source = Leader(flavour);
        CopyFolder(Path.Combine(source, "data"), Path.Combine(target, "data"));
        Directory.CreateDirectory(Path.Combine(target, "conf"));
        var platform = File.ReadAllLines(Path.Combine(source, "conf", "template-platform.yml"));
        string? setting = null;
        string? member = null;
        var n = 0;
        for (var i = 0; i < platform.Length; i++)
        {
            if (SettingKey().Match(platform[i]) is { Success: true } key)
            {
                setting = key.Groups[1].Value;
            }

            if (MemberKey().Match(platform[i]) is { Success: true } inner)
            {
                member = inner.Groups[1].Value;
            }

            if (platform[i].Contains("REPLACE_ME", StringComparison.Ordinal))
            {
                // A whole value gets a plausible one; REPLACE_ME inside a longer plain text a plain word.
                platform[i] = platform[i].TrimEnd().EndsWith(": REPLACE_ME", StringComparison.Ordinal)
                    ? platform[i].Replace("REPLACE_ME", Plausible(setting!, member, ++n), StringComparison.Ordinal)
                    : platform[i].Replace("REPLACE_ME", $"host{++n}", StringComparison.Ordinal);
            }
        }

        File.WriteAllLines(Path.Combine(target, "conf", "platform.yml"), platform);
        var leader = File.ReadAllText(Path.Combine(source, "conf", "template-config-leader.json"));
        leader = Internal().Replace(leader, m => $"\"{m.Groups[1].Value}\": \"{m.Groups[1].Value.ToLowerInvariant()}-0123456789abcdefXYZ\"");
        File.WriteAllText(Path.Combine(target, "conf", "config-leader.json"), leader);
    }

    private static string Plausible(string setting, string? member, int n) => (setting, member) switch
    {
        ("DOMAIN", _) => "pryv.example.com",
        (_, "ip") => $"10.0.1.{n}",
        var (s, _) when s.EndsWith("IP_ADDRESS", StringComparison.Ordinal) => $"192.0.2.{n}",
        ("REGISTER_ADMIN_KEY", _) => "r3g-admin-key-0123456789abcdef",
        ("EMAIL_SENDER", "name") => "'Équipe \"Pryv\" <no-reply> & co'",
        ("EMAIL_SENDER", "address") => "no-reply@pryv.example.com",
        ("EMAIL_SMTP_SETTINGS", "port") => "587",
        ("EMAIL_SMTP_SETTINGS", "pass") => "'pa\"ss\\\\word'",
        _ => $"'value {n}: été'",
    };

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var to = Path.Combine(target, Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                CopyFolder(entry, to);
            }
            else
            {
                File.Copy(entry, to);
            }
        }
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            return Directory.Exists(named) ? named : null;
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "pryv-templates"));
        return Directory.Exists(beside) ? beside : null;
    }

    [GeneratedRegex(@"^      ([A-Z][A-Z0-9_]*):\s*$")]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"^\s{8,}([A-Za-z][A-Za-z0-9_]*):")]
    private static partial Regex MemberKey();

    [GeneratedRegex("\"([A-Z][A-Z0-9_]*)\": \"REPLACE_ME\"")]
    private static partial Regex Internal();
}

/// <summary>A fact that needs the Pryv corpus: skipped, with the reason, where it is absent.</summary>
public sealed class PryvCorpusFactAttribute : FactAttribute
{
    public PryvCorpusFactAttribute()
    {
        if (PryvCorpus.Root is null)
        {
            Skip = $"Pryv's templates are not beside the repository (../shared/pryv-templates) nor in ${PryvCorpus.Variable}";
        }
    }
}
