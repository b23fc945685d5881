using System.Security.Cryptography;
using System.Text;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// The mutable state of one role's render: outputs, errors and who used what; the previous render's files
/// (<see cref="CachedRender"/>) and the ones this render leaves for the next.
/// </summary>
internal sealed class RenderRun(
    string role, string displayRoot, SecretResolver secrets, IReadOnlyDictionary<string, PlatformValue> platform, ValidationSettings validation,
    RenderLimits limits, CancellationToken ct)
{
    private readonly FileUsages _valuesUsed = new();
    private readonly FileUsages _secretsUsed = new();
    private readonly Dictionary<string, string?> _fingerprints = new(StringComparer.Ordinal);
    private (string? Relative, string Display) _display = (null, string.Empty);

    /// <summary>The files the previous render of the role left (<see cref="RenderCache"/>); null for none.</summary>
    public IReadOnlyDictionary<string, CachedRender>? Previous { get; set; }

    /// <summary>The files rendered (or reused) successfully by this run, for the next one.</summary>
    public Dictionary<string, CachedRender> Rendered { get; } = new(StringComparer.Ordinal);

    /// <summary>The template bytes the previous render read, by the identity of their file; null for none.</summary>
    public IReadOnlyDictionary<string, CachedTemplate>? PreviousTemplates { get; set; }

    /// <summary>The template bytes this run read or found unchanged, for the next one.</summary>
    public Dictionary<string, CachedTemplate> Templates { get; } = new(StringComparer.Ordinal);

    /// <summary>The folders this run listed or found unchanged, for the next one.</summary>
    public FolderStamps Folders { get; } = new();

    public string DisplayRoot => displayRoot;

    /// <summary>Sizes the run's tables for the files the previous render left, so that they are not grown file by file.</summary>
    public void ExpectFiles(int count)
    {
        Rendered.EnsureCapacity(count);
        Templates.EnsureCapacity(count);
        Files.EnsureCapacity(count);
    }

    /// <summary>
    /// The file's path as errors and usages name it (<c>data/{role}/{path}</c>): one file's render asks for it again and
    /// again, so the last one is kept.
    /// </summary>
    public string DisplayOf(string relative)
    {
        if (_display.Relative != relative)
        {
            _display = (relative, $"{displayRoot}/{relative}");
        }

        return _display.Display;
    }

    public string Role => role;

    /// <summary>Which rendered files are parsed before the version is accepted.</summary>
    public ValidationSettings Validation => validation;

    /// <summary>How long one file's render may take and how much it may allocate.</summary>
    public RenderLimits Limits => limits;

    /// <summary>The caller's token: the leader stops (not a problem of any file).</summary>
    public CancellationToken Cancellation => ct;

    /// <summary>
    /// A fresh copy of the platform values for one file: a template may change the arrays it reads
    /// (<c>HOSTS[0] = secret "X"</c>), and that change must not reach the next file (which would then hold a secret
    /// without being listed among the files holding secrets).
    /// </summary>
    public ScriptObject NewPlatform() => PlatformObject.Build(platform);

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SecretFiles { get; } = new(StringComparer.Ordinal);

    public List<RenderError> Errors { get; } = [];

    public void ReadValue(string name, string relative)
    {
        if (platform.TryGetValue(name, out var value))
        {
            _valuesUsed.Add(name, DisplayOf(relative));
            if (value.Sensitive)
            {
                // Handled as a file holding secrets: mode 0600 on followers, withheld whole by show, diff and dry-runs.
                SecretFiles.Add(relative);
            }
        }
    }

    /// <summary>
    /// A file that took the whole globals object (<c>this | json</c>, <c>for k in this</c>) read every platform value:
    /// each is listed as used by it, and a sensitive one makes it a file holding secrets.
    /// </summary>
    public void ReadEveryValue(string relative)
    {
        foreach (var name in platform.Keys)
        {
            ReadValue(name, relative);
        }
    }

    public string Secret(string name, string relative, SourceSpan span, FileReads? reads = null)
    {
        try
        {
            var value = secrets.Get(name);
            SecretFiles.Add(relative);
            _secretsUsed.Add(name, DisplayOf(relative));
            reads?.Secret(name);
            return value;
        }
        catch (Exception ex) when (ex is ArgumentException or State.StateException)
        {
            throw new ScriptRuntimeException(span, ex.Message);
        }
    }

    /// <summary>
    /// The previous output of the file when none of its inputs changed: same template bytes, same output check, same
    /// value under every name it looked up, same secrets. Its reads are recorded again, as a render would. Null when it
    /// must be rendered.
    /// </summary>
    public byte[]? Reuse(string relative, byte[] template, bool check)
    {
        if (Previous is null || !Previous.TryGetValue(relative, out var last) || last.Checked != check || !last.Template.AsSpan().SequenceEqual(template))
        {
            return null;
        }

        foreach (var (name, fingerprint, source) in last.Values)
        {
            if ((source is null || !ReferenceEquals(platform.GetValueOrDefault(name), source)) && Fingerprint(name) != fingerprint)
            {
                return null;
            }
        }

        foreach (var (name, sha256) in last.Secrets)
        {
            string value;
            try
            {
                value = secrets.Get(name);
            }
            catch (Exception ex) when (ex is ArgumentException or State.StateException)
            {
                return null; // rendered again, which reports it
            }

            if (!SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan().SequenceEqual(sha256))
            {
                return null;
            }
        }

        foreach (var (name, _, _) in last.Values)
        {
            ReadValue(name, relative);
        }

        foreach (var (name, _) in last.Secrets)
        {
            SecretFiles.Add(relative);
            _secretsUsed.Add(name, DisplayOf(relative));
        }

        Rendered[relative] = last;
        return last.Output;
    }

    /// <summary>The template as the previous render parsed it, when its bytes are still <paramref name="template"/>; null otherwise.</summary>
    public Scriban.Template? ParsedBefore(string relative, byte[] template) =>
        Previous?.GetValueOrDefault(relative) is { Parsed: { } parsed } last && last.Template.AsSpan().SequenceEqual(template) ? parsed : null;

    /// <summary>Keeps a successful render for the next run, unless it read dynamically.</summary>
    public void Remember(string relative, byte[] template, Scriban.Template parsed, bool check, FileReads reads, byte[] output)
    {
        if (reads.Dynamic)
        {
            return;
        }

        var values = reads.Names.Select(n => (n, Fingerprint(n), platform.GetValueOrDefault(n))).ToArray();
        var used = reads.Secrets.Select(n => (n, SHA256.HashData(Encoding.UTF8.GetBytes(secrets.Get(n))))).ToArray();
        Rendered[relative] = new CachedRender(template, check, values, used, output) { Parsed = parsed };
    }

    /// <summary>What a name holds for a template: the platform value (and whether it is sensitive), or null for none.</summary>
    private string? Fingerprint(string name)
    {
        if (!_fingerprints.TryGetValue(name, out var fingerprint))
        {
            _fingerprints[name] = fingerprint = platform.TryGetValue(name, out var value)
                ? (value.Sensitive ? "s:" : "p:") + value.Value.GetRawText()
                : null;
        }

        return fingerprint;
    }

    public RoleRender Finish()
    {
        var version = Errors.Count == 0 && Files.Count > 0
            ? new RenderedVersion(role, Files, SecretFiles, _secretsUsed.Names.ToHashSet(StringComparer.Ordinal), [.. secrets.Generated])
            : null;
        return new RoleRender(role, version, MaskedErrors(), _valuesUsed.Freeze(), _secretsUsed.Freeze());
    }

    /// <summary>
    /// <paramref name="text"/> with every sensitive value and every secret resolved so far masked: for a message quoting
    /// rendered text, before the quote is cut to its length (<see cref="Validation.OutputText.Clean"/>).
    /// </summary>
    public string Mask(string text) => SensitiveValues.Masker(platform, Known()).Mask(text);

    /// <summary>
    /// The errors with any sensitive or secret value they quote masked (they reach logs, the API and commands). A message
    /// that quotes rendered text cut to a length was masked before the cut (<see cref="Mask"/>).
    /// </summary>
    private List<RenderError> MaskedErrors()
    {
        if (Errors.Count == 0)
        {
            return Errors;
        }

        var masker = SensitiveValues.Masker(platform, Known());
        return [.. Errors.Select(e => e with { Message = masker.Mask(e.Message) })];
    }

    private IEnumerable<(string Name, string Value)> Known() => secrets.Resolved.Select(s => (s.Key, s.Value));
}
