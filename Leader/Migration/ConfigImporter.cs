using System.Text;
using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Copies the old per-machine configuration into the leader's template tree (<c>data/{role}/…</c>), turning the
/// current platform values into <c>{{ NAME }}</c> (see <see cref="TokenReplacer"/>). Text files under a
/// <c>secret</c> folder are copied with only <c>{{</c> escaped; binary files and text over the template size limit
/// are copied byte for byte, as the renderer will. Existing templates are kept unless <c>force</c>.
/// </summary>
public sealed class ConfigImporter(IReadOnlyList<ImportValue> values, string templatesPath, bool force)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly List<ImportedFile> _files = [];
    private readonly List<string> _skipped = [];

    public ImportReport Import(IEnumerable<OldRole> roles, IReadOnlyList<string> valuesLeftAlone)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in roles)
        {
            ImportRole(role);
        }

        var found = _files.SelectMany(f => f.Replacements.Keys).ToHashSet(StringComparer.Ordinal);
        var notFound = values.Select(v => v.Expression).Where(e => !found.Contains(e)).ToArray();
        return new ImportReport(_files, _skipped, notFound, valuesLeftAlone);
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
            var folder = Path.Combine(role.Folder, component);
            foreach (var state in OldLayout.StateFolders.Where(s => Directory.Exists(Path.Combine(folder, s))))
            {
                _skipped.Add($"{role.FolderName}/{component}/{state}/ (state, not configuration: see import-data)");
            }

            var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None })
                .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(r => !OldLayout.StateFolders.Any(s => r.StartsWith(s + "/", StringComparison.Ordinal)))
                .Where(r => !TemplateFiles.IsIgnored(Path.GetFileName(r)))
                .Order(StringComparer.Ordinal);
            foreach (var relative in files)
            {
                ImportFile(role.Role, Path.Combine(folder, relative), $"{role.FolderName}/{component}/{relative}", $"{component}/{relative}");
            }
        }
    }

    private void ImportFile(string role, string source, string sourceDisplay, string template)
    {
        var bytes = File.ReadAllBytes(source);
        var (content, kind, replacement) = Convert(bytes, template);
        var target = Path.Combine(templatesPath, role, template);
        ImportOutcome outcome;
        if (!File.Exists(target))
        {
            outcome = ImportOutcome.Written;
        }
        else if (File.ReadAllBytes(target).AsSpan().SequenceEqual(content))
        {
            outcome = ImportOutcome.Unchanged;
        }
        else
        {
            outcome = force ? ImportOutcome.Overwritten : ImportOutcome.Kept;
        }

        if (outcome is ImportOutcome.Written or ImportOutcome.Overwritten)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }

        _files.Add(new ImportedFile(role, sourceDisplay, template, outcome, kind,
            replacement?.Counts ?? new Dictionary<string, int>(), replacement?.Escapes ?? 0));
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
        var replacement = TokenReplacer.Replace(text, isSecret ? [] : values);
        var output = Utf8.GetBytes(replacement.Text);
        return (hasBom ? [.. Bom, .. output] : output, isSecret ? "secret" : "text", replacement);
    }
}
