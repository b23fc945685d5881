
namespace PryvBus.Leader.Secrets;

/// <summary>
/// Replaces every known secret value in a text by <c>«secret NAME»</c>, longest first: the value itself and its common
/// transforms (<see cref="SecretForms"/>: base64, also inside a longer base64 text, url and html escapes, upper and
/// lower case, JSON escape). A defence in depth for files not known to hold secrets: a file rendered with a secret is
/// withheld whole (see the output masking of the commands), since no list of transforms is complete.
/// </summary>
public sealed class SecretMasker(IEnumerable<(string Name, string Value)> secrets)
{
    private const int MinLength = 4;

    private readonly (string Name, string Form)[] _forms = secrets
        .Where(s => s.Value.Length >= MinLength)
        .SelectMany(s => SecretForms.Of(s.Value).Select(form => (s.Name, Form: form)))
        .Where(s => s.Form.Length >= MinLength)
        .DistinctBy(s => s.Form, StringComparer.Ordinal)
        .OrderByDescending(s => s.Form.Length)
        .ToArray();

    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (name, form) in _forms)
        {
            text = text.Replace(form, $"«secret {name}»", StringComparison.Ordinal);
        }

        return text;
    }
}
