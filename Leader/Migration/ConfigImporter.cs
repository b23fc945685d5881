using System.IO.Enumeration;
using System.Text;
using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Copies the old per-machine configuration into the leader's template tree (<c>data/{role}/…</c>), turning the
/// current platform values into <c>{{ NAME }}</c> (see <see cref="TokenReplacer"/>). Text files under a
/// <c>secret</c> folder are copied with only <c>{{</c> escaped; binary files and text over the template size limit
/// are copied byte for byte, as the renderer will. Existing templates are kept unless <c>force</c>. Every file is
/// read and converted first: on a problem (a broken link, an unreadable file, an unused <c>--exclude</c>) or a value
/// several names share with no preference, nothing is written; otherwise the templates are staged and renamed into place.
/// </summary>
public sealed class ConfigImporter(IReadOnlyList<ImportValue> values, string templatesPath, bool force, IReadOnlyList<string> fileGlobs)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly List<(ImportedFile File, byte[] Content, TokenReplacement? Replacement)> _files = [];
    private readonly List<string> _skipped = [];
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _globsUsed = new(StringComparer.Ordinal);

    public ConfigImporter(IReadOnlyList<ImportValue> values, string templatesPath, bool force)
        : this(values, templatesPath, force, [])
    {
    }

    public ImportReport Import(IEnumerable<OldRole> roles, IReadOnlyList<string> valuesLeftAlone, IReadOnlyList<string>? choices = null, IReadOnlyList<string>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _problems.AddRange(problems ?? []);
        foreach (var role in roles)
        {
            ImportRole(role);
        }

        _problems.AddRange(fileGlobs.Where(g => !_globsUsed.Contains(g)).Select(g => $"--exclude {g}: matches no platform value and no file"));
        var replacements = _files.Select(f => f.Replacement).OfType<TokenReplacement>().ToArray();
        int Found(string expression) => replacements.Sum(r => r.Counts.GetValueOrDefault(expression) + r.Held.GetValueOrDefault(expression));
        var report = new ImportReport(_files.Select(f => f.File).ToArray(), _skipped,
            values.Where(v => v.Hold is null && Found(v.Expression) == 0).Select(v => v.Expression).ToArray(), valuesLeftAlone)
        {
            Ambiguous = values.Where(v => v.Hold == ValueChoices.SharedHold && Found(v.Expression) > 0)
                .Select(v => (v.Value, v.Expression, Found(v.Expression))).ToArray(),
            Held = values.Where(v => v.Hold is not null and not ValueChoices.SharedHold && Found(v.Expression) > 0)
                .Select(v => (v.Expression, v.Value, v.Hold!, Found(v.Expression))).ToArray(),
            Choices = choices ?? [],
            NearMisses = _files.Where(f => f.Replacement is not null)
                .SelectMany(f => f.Replacement!.NearMisses.OrderBy(n => n.Line).Select(n => $"{f.File.Source}:{n.Line}: {n.Token} ({n.Expression})"))
                .Distinct().ToArray(),
            Problems = _problems,
        };
        if (report.Failed)
        {
            return report;
        }

        var written = _files.Where(f => f.File.Outcome is ImportOutcome.Written or ImportOutcome.Overwritten)
            .Select(f => (Path.Combine(f.File.Role, f.File.Template), f.Content)).ToArray();
        return ImportStaging.Commit(templatesPath, written) is { } failure ? report with { Problems = [.. _problems, failure] } : report;
    }

    private void ImportRole(OldRole role)
    {
        if (role.ComposeFile is not null)
        {
            ImportFile(role.Role, role.ComposeFile, Path.GetFileName(role.ComposeFile), "pryv.yml");
        }

        foreach (var loose in Directory.EnumerateFiles(role.Folder))
        {
            _skipped.Add($"{role.FolderName}/{Path.GetFileName(loose)} (not inside a component folder)");
        }

        foreach (var component in OldLayout.Components(role))
        {
            var display = $"{role.FolderName}/{component}";
            foreach (var relative in OldTreeWalker.Files(Path.Combine(role.Folder, component), display, _skipped, _problems))
            {
                ImportFile(role.Role, Path.Combine(role.Folder, component, relative), $"{display}/{relative}", $"{component}/{relative}");
            }
        }
    }

    private void ImportFile(string role, string source, string sourceDisplay, string template)
    {
        var glob = fileGlobs.FirstOrDefault(g => FileSystemName.MatchesSimpleExpression(g, sourceDisplay, ignoreCase: false));
        if (glob is not null)
        {
            _globsUsed.Add(glob);
            _skipped.Add($"{sourceDisplay} (excluded by --exclude {glob})");
            return;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _problems.Add($"{sourceDisplay}: cannot read ({ex.Message})");
            return;
        }

        var (content, kind, replacement) = Convert(bytes, template);
        _files.Add((new ImportedFile(role, sourceDisplay, template, OutcomeOf(Path.Combine(templatesPath, role, template), content), kind,
            replacement?.Counts ?? new Dictionary<string, int>(), replacement?.Escapes ?? 0), content, replacement));
    }

    private ImportOutcome OutcomeOf(string target, byte[] content)
    {
        try
        {
            return !File.Exists(target) ? ImportOutcome.Written
                : File.ReadAllBytes(target).AsSpan().SequenceEqual(content) ? ImportOutcome.Unchanged
                : force ? ImportOutcome.Overwritten : ImportOutcome.Kept;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _problems.Add($"{target}: cannot read the existing template ({ex.Message})");
            return ImportOutcome.Kept;
        }
    }

    private (byte[] Content, string Kind, TokenReplacement? Replacement) Convert(byte[] bytes, string template)
    {
        if (bytes.Length > TemplateFiles.MaxTemplateBytes || TemplateFiles.IsBinary(bytes))
        {
            return (bytes, "binary", null);
        }

        var hasBom = bytes.AsSpan().StartsWith(Bom);
        var text = Utf8.GetString(hasBom ? bytes.AsSpan(Bom.Length) : bytes);
        var isSecret = TemplateFiles.IsSecretPath(template);
        var replacement = TokenReplacer.Replace(text, isSecret ? [] : values, JsonKeys.IsJsonPath(template));
        var output = Utf8.GetBytes(replacement.Text);
        return (hasBom ? [.. Bom, .. output] : output, isSecret ? "secret" : "text", replacement);
    }
}
