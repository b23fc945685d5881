using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Commands;

/// <summary>
/// What a command may print of a stored file without <c>--reveal</c>: a file secret by its path is withheld; in other
/// file the version's meta lists as rendered with a secret is withheld whole (fail closed: a secret may have gone
/// through any template filter); in other files every secret value known (Redis, the state folder's current and
/// rotated-out values, every <c>PRYVBUS_SECRET_*</c> override of a secret name in use) and its common transforms are
/// masked (<see cref="SecretMasker"/>).
/// </summary>
internal sealed class OutputMasking
{
    private OutputMasking(SecretMasker masker, string? stateProblem)
    {
        Masker = masker;
        StateProblem = stateProblem;
    }

    public SecretMasker Masker { get; }

    /// <summary>Why the state folder could not be read (its rotated-out values are then unknown); null when it was.</summary>
    public string? StateProblem { get; }

    /// <param name="settings">The leader's settings.</param>
    /// <param name="redis">The store.</param>
    /// <param name="names">Secret names in use (from the versions' meta), whose overrides must be masked too.</param>
    public static async Task<OutputMasking> CreateAsync(LeaderSettings settings, IConnectionMultiplexer redis, IEnumerable<string> names)
    {
        SecretState? state = null;
        string? problem = null;
        try
        {
            // Never creates the folder or its key: a command only reads what the service sealed.
            state = SecretState.Exists(settings.StateDirectory) ? SecretState.Open(settings, Environment.GetEnvironmentVariable) : null;
        }
        catch (StateException ex)
        {
            problem = ex.Message;
        }

        var vault = new SecretVault(redis, settings.Keys, state: state);
        return new OutputMasking(await vault.MaskerAsync(settings.Roles(), names.Concat(settings.Secrets.Keys), SensitiveValues.Of(settings.Platform)), problem);
    }

    /// <summary>The text to print for a file, and whether anything was hidden.</summary>
    /// <param name="path">The file's path in the version.</param>
    /// <param name="content">Its content.</param>
    /// <param name="holdsSecrets">The version's meta lists it among the files holding secrets.</param>
    /// <param name="reveal">The operator asked to see secrets.</param>
    public (string Text, bool Masked) Render(string path, byte[] content, bool holdsSecrets, bool reveal)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var binary = TemplateFiles.IsBinary(content);
        var secretPath = TemplateFiles.IsSecretPath(path);
        if (reveal)
        {
            return (binary ? Convert.ToBase64String(content) : Encoding.UTF8.GetString(content), false);
        }

        if (secretPath)
        {
            return ($"(secret file, {content.Length} bytes: --reveal prints it{(binary ? " as base64" : string.Empty)})", true);
        }

        if (binary)
        {
            return ($"(binary, {content.Length} bytes{(holdsSecrets ? ", holds secrets" : string.Empty)}: --reveal prints it as base64)", holdsSecrets);
        }

        if (holdsSecrets)
        {
            // Withheld whole, never masked value by value: a template may have passed a secret through any filter
            // (base64, an escape, a slice, a hash...) and no list of transforms is complete.
            var lines = content.Count(b => b == (byte)'\n');
            return ($"(holds secrets: {content.Length} bytes, {lines} line(s), withheld whole since a template may have transformed them; --reveal prints it)", true);
        }

        var raw = Encoding.UTF8.GetString(content);
        var text = Masker.Mask(raw);
        return (text, text != raw);
    }
}
