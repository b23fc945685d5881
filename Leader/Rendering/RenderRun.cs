using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PryvBus.Leader.Rendering;

/// <summary>The mutable state of one role's render: outputs, errors and who used what.</summary>
internal sealed class RenderRun(
    string role, string displayRoot, SecretResolver secrets, IReadOnlyDictionary<string, PlatformValue> platform, ValidationSettings validation)
{
    private readonly Dictionary<string, HashSet<string>> _valuesUsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _secretsUsed = new(StringComparer.Ordinal);

    public string DisplayRoot => displayRoot;

    public string Role => role;

    /// <summary>Which rendered files are parsed before the version is accepted.</summary>
    public ValidationSettings Validation => validation;

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
            Record(_valuesUsed, name, $"{displayRoot}/{relative}");
            if (value.Sensitive)
            {
                // Handled as a file holding secrets: mode 0600 on followers, withheld whole by show, diff and dry-runs.
                SecretFiles.Add(relative);
            }
        }
    }

    public string Secret(string name, string relative, SourceSpan span)
    {
        try
        {
            var value = secrets.Get(name);
            SecretFiles.Add(relative);
            Record(_secretsUsed, name, $"{displayRoot}/{relative}");
            return value;
        }
        catch (Exception ex) when (ex is ArgumentException or State.StateException)
        {
            throw new ScriptRuntimeException(span, ex.Message);
        }
    }

    public RoleRender Finish()
    {
        var version = Errors.Count == 0 && Files.Count > 0
            ? new RenderedVersion(role, Files, SecretFiles, _secretsUsed.Keys.ToHashSet(StringComparer.Ordinal), [.. secrets.Generated])
            : null;
        return new RoleRender(role, version, MaskedErrors(), Freeze(_valuesUsed), Freeze(_secretsUsed));
    }

    /// <summary>The errors with any sensitive or secret value they quote masked (they reach logs, the API and commands).</summary>
    private List<RenderError> MaskedErrors()
    {
        if (Errors.Count == 0)
        {
            return Errors;
        }

        var masker = SensitiveValues.Masker(platform, secrets.Resolved.Select(s => (s.Key, s.Value)));
        return [.. Errors.Select(e => e with { Message = masker.Mask(e.Message) })];
    }

    private static void Record(Dictionary<string, HashSet<string>> usage, string name, string file)
    {
        if (!usage.TryGetValue(name, out var files))
        {
            usage[name] = files = new HashSet<string>(StringComparer.Ordinal);
        }

        files.Add(file);
    }

    private static Dictionary<string, IReadOnlySet<string>> Freeze(Dictionary<string, HashSet<string>> usage) =>
        usage.ToDictionary(u => u.Key, u => (IReadOnlySet<string>)u.Value, StringComparer.Ordinal);
}
