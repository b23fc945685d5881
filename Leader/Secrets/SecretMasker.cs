namespace PryvBus.Leader.Secrets;

/// <summary>Replaces every known secret value in a text by <c>«secret NAME»</c>, longest values first.</summary>
public sealed class SecretMasker(IEnumerable<(string Name, string Value)> secrets)
{
    private const int MinLength = 4;

    private readonly (string Name, string Value)[] _secrets = secrets
        .Where(s => s.Value.Length >= MinLength)
        .OrderByDescending(s => s.Value.Length)
        .ToArray();

    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (name, value) in _secrets)
        {
            text = text.Replace(value, $"«secret {name}»", StringComparison.Ordinal);
        }

        return text;
    }
}
