namespace PryvBus.Leader.State;

/// <summary>Edits of the secrets of <see cref="SecretState"/> (per scope, per name), with the rotated-out values kept.</summary>
internal static class SecretEntries
{
    /// <summary>How many rotated-out values of one secret are kept (for masking old versions).</summary>
    public const int RetiredKept = 20;

    internal static SecretEntry? Find(Dictionary<string, Dictionary<string, SecretEntry>> scopes, string scope, string name) =>
        scopes.TryGetValue(scope, out var secrets) ? secrets.GetValueOrDefault(name) : null;

    internal static bool Apply(
        Dictionary<string, Dictionary<string, SecretEntry>> scopes, IEnumerable<(string Scope, string Name, string Value)> secrets, bool replace)
    {
        var changed = false;
        foreach (var (scope, name, value) in secrets)
        {
            if (!SecretScopes.IsValid(scope) || !SecretScopes.IsName(name))
            {
                throw new ArgumentException($"'{scope}' / '{name}' is not a secret scope and name", nameof(secrets));
            }

            if (!scopes.TryGetValue(scope, out var entries))
            {
                scopes[scope] = entries = new Dictionary<string, SecretEntry>(StringComparer.Ordinal);
            }

            if (!entries.TryGetValue(name, out var entry))
            {
                entries[name] = new SecretEntry { Value = value };
                changed = true;
            }
            else if (replace && entry.Value != value)
            {
                entry.Retired = [.. entry.Retired.Prepend(entry.Value).Where(v => v != value).Take(RetiredKept)];
                entry.Value = value;
                changed = true;
            }
        }

        return changed;
    }
}
