using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;

namespace PryvBus.Leader.Values;

/// <summary>
/// Which files differ between two versions and how, for people: a line diff of text files; secret and binary files
/// named but not shown (unless revealed), and any secret value met elsewhere masked.
/// </summary>
public static class FileDiff
{
    public static string Describe(
        IReadOnlyDictionary<string, byte[]> before,
        IReadOnlyDictionary<string, byte[]> after,
        Func<string, bool> isSecret,
        SecretMasker masker,
        bool reveal = false)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(isSecret);
        ArgumentNullException.ThrowIfNull(masker);
        var text = new StringBuilder();
        foreach (var path in ChangedPaths(before, after))
        {
            Append(text, path, before.GetValueOrDefault(path), after.GetValueOrDefault(path), isSecret(path) && !reveal, reveal ? null : masker);
        }

        return text.ToString();
    }

    public static IReadOnlyList<string> ChangedPaths(IReadOnlyDictionary<string, byte[]> before, IReadOnlyDictionary<string, byte[]> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.Where(f => !before.TryGetValue(f.Key, out var old) || !old.AsSpan().SequenceEqual(f.Value)).Select(f => f.Key)
            .Concat(before.Keys.Where(k => !after.ContainsKey(k)))
            .Order(StringComparer.Ordinal).ToArray();
    }

    private static void Append(StringBuilder text, string path, byte[]? old, byte[]? updated, bool hide, SecretMasker? masker)
    {
        var mark = old is null ? "+" : updated is null ? "-" : "~";
        var kind = old is null ? "new file" : updated is null ? "removed" : "changed";
        var binary = (old is not null && TemplateFiles.IsBinary(old)) || (updated is not null && TemplateFiles.IsBinary(updated));
        if (hide || binary)
        {
            text.Append($"  {mark} {path} ({kind}; {(hide ? "holds secrets" : "binary")}: content not shown)\n");
            return;
        }

        text.Append($"  {mark} {path} ({kind})\n");
        var lines = LineDiff.Compute(Decode(old), Decode(updated));
        if (lines is null)
        {
            text.Append("      (too large to diff)\n");
            return;
        }

        foreach (var line in lines)
        {
            text.Append("      ").Append(masker is null ? line : masker.Mask(line)).Append('\n');
        }
    }

    private static string Decode(byte[]? content) => content is null ? string.Empty : Encoding.UTF8.GetString(content);
}
