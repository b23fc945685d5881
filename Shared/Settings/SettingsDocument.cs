using System.Text.Json;
using PryvBus.Shared.Logging;

namespace PryvBus.Shared.Settings;

/// <summary>
/// One load of a settings file (config-leader.json or config-follower.json) and of the environment variables that
/// override it. Both programs read their settings through it, so both follow the same conventions: comments and
/// trailing commas allowed; every key read through a <see cref="SettingsSection"/> is declared, any other key is an
/// error (at every level); a key defined twice is an error; a present value of the wrong type or out of range says
/// what is wrong with it; sample credentials are refused unless <c>PRYVBUS_DEMO=1</c>; every problem is collected
/// and reported at once as "file: key: message".
/// </summary>
public sealed class SettingsDocument : IDisposable
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private readonly JsonDocument? _json;
    private readonly List<SettingsSection> _opened = [];
    private readonly List<string> _samples = [];
    private readonly List<string> _inFile = [];

    private SettingsDocument(string file, SettingsEnvironment environment, JsonDocument? json)
    {
        Errors = new SettingsErrors(file);
        Environment = environment;
        _json = json;
        Demo = ReadDemo();
        CheckLogLevel();
        if (json is null)
        {
            return;
        }

        if (json.RootElement.ValueKind == JsonValueKind.Object)
        {
            Root = Open(json.RootElement, string.Empty);
        }
        else
        {
            Errors.Add(SettingsKeys.Root, $"must be a JSON object {{ … }}, not {SettingsKeys.Describe(json.RootElement)}");
        }
    }

    public SettingsErrors Errors { get; }

    public SettingsEnvironment Environment { get; }

    /// <summary>The top-level object; null when the text is not JSON or not an object (already reported).</summary>
    public SettingsSection? Root { get; }

    /// <summary>True when the operator declared a demo (<c>PRYVBUS_DEMO=1</c>): sample credentials are accepted.</summary>
    public bool Demo { get; }

    /// <summary>Keys and variables that hold a sample credential accepted because of <see cref="Demo"/> (to warn about).</summary>
    public IReadOnlyList<string> SampleCredentials => _samples;

    /// <summary>
    /// Keys of the file that hold a credential (<c>followers[0].key</c>, <c>redis.password</c>): the file is then held to
    /// <see cref="CredentialFileMode.OpenSettingsMode"/>. Names only, never values; the environment's are not listed.
    /// </summary>
    public IReadOnlyList<string> CredentialsInFile => _inFile;

    /// <summary>Parses the text; never throws for any input: problems are in <see cref="Errors"/>.</summary>
    public static SettingsDocument Parse(string text, string file, SettingsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            return new SettingsDocument(file, environment, JsonDocument.Parse(text, Options));
        }
        catch (JsonException ex)
        {
            var document = new SettingsDocument(file, environment, null);
            document.Errors.AddLine($"{file}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: invalid JSON: {FirstSentence(ex.Message)}");
            return document;
        }
    }

    /// <summary>Reports the unknown and duplicate keys of every object read, then returns every problem found.</summary>
    public IReadOnlyList<string> Complete()
    {
        foreach (var section in _opened)
        {
            section.ReportUndeclared();
        }

        _opened.Clear();
        return Errors.All;
    }

    /// <summary>An environment variable that overrides a setting; null when unset or empty.</summary>
    public string? Variable(string name) => Environment.Get(name);

    /// <summary>A credential from the environment: at least <paramref name="minLength"/> characters, not a sample.</summary>
    public string? CredentialVariable(string name, int minLength) =>
        CheckCredential(Variable(name), name, minLength, message => Errors.AddVariable(name, message));

    public void Dispose() => _json?.Dispose();

    internal SettingsSection Open(JsonElement element, string path)
    {
        var section = new SettingsSection(this, element, path);
        _opened.Add(section);
        return section;
    }

    internal void HeldInFile(string key) => _inFile.Add(key);

    internal string? CheckCredential(string? value, string key, int minLength, Action<string> error)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0)
        {
            error("must not be empty (leave the key out instead)");
            return null;
        }

        if (value.Length < minLength)
        {
            error($"must be at least {minLength} characters, not {value.Length}");
            return null;
        }

        if (Settings.SampleCredentials.IsSample(value))
        {
            if (!Demo)
            {
                error(Settings.SampleCredentials.Refusal);
                return null;
            }

            _samples.Add(key);
        }

        return value;
    }

    private bool ReadDemo()
    {
        var value = Variable(Settings.SampleCredentials.DemoVariable);
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "0" or "false" or "no":
                return false;
            case "1" or "true" or "yes":
                return true;
            default:
                Errors.AddVariable(Settings.SampleCredentials.DemoVariable, "must be 1 (a demo: sample credentials accepted) or 0");
                return false;
        }
    }

    /// <summary>The logging reads <c>PRYVBUS_LOG_LEVEL</c> when the host is built: its value is checked here, at load.</summary>
    private void CheckLogLevel()
    {
        if (Variable(LogLevels.Variable) is { } value && !LogLevels.TryParse(value, out _))
        {
            Errors.AddVariable(LogLevels.Variable, $"must be one of {LogLevels.Allowed}, not '{SettingsKeys.Printable(value)}'");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 ? message[..end] : message.TrimEnd('.');
        return new string(sentence.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
