using System.Text.Json;
using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Migration;

/// <summary>
/// The Scriban expression that gives, for each of Pryv's names, the text Pryv inserts: <c>NAME</c> for a string,
/// <c>NAME | json</c> for any other value, <c>secret "NAME"</c> for an internal key; a value whose text names other
/// values keeps them as references (<c>TRUSTED_APPS | string.replace "DOMAIN" (DOMAIN)</c>) when replacing them one
/// after the other gives Pryv's own result; otherwise its expanded value is kept instead, and reported.
/// </summary>
internal sealed class PryvExpressions
{
    private readonly PryvSubstitution _pryv;
    private readonly IReadOnlySet<string> _secrets;
    private readonly Dictionary<string, string> _expressions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _simulated = new(StringComparer.Ordinal);

    public PryvExpressions(PryvSubstitution pryv, IReadOnlySet<string> secrets, ICollection<string> notes, ICollection<string> problems)
    {
        _pryv = pryv;
        _secrets = secrets;
        foreach (var name in pryv.Names)
        {
            if (pryv.CycleFrom(name) is { } cycle)
            {
                problems.Add($"{name}: refers to itself ({string.Join(" → ", cycle)}): Pryv's leader cannot substitute it either");
                continue;
            }

            try
            {
                Build(name, notes, problems);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                problems.Add($"{name}: {ex.Message}");
            }
        }
    }

    /// <summary>Values whose references could not be kept: name → the expanded value to store instead.</summary>
    public Dictionary<string, object?> Expanded { get; } = new(StringComparer.Ordinal);

    /// <summary>Names whose value keeps references to other names.</summary>
    public Dictionary<string, IReadOnlyList<string>> Referring { get; } = new(StringComparer.Ordinal);

    public bool TryGet(string name, out string expression) => _expressions.TryGetValue(name, out expression!);

    private string Base(string name) =>
        _secrets.Contains(name) ? $"secret \"{name}\"" : _pryv.Values[name] is string ? name : $"{name} | json";

    private void Build(string name, ICollection<string> notes, ICollection<string> problems)
    {
        if (_expressions.ContainsKey(name))
        {
            return;
        }

        var references = _pryv.References(name);
        var expression = Base(name);
        var simulated = _pryv.BaseText(name);
        foreach (var reference in references)
        {
            Build(reference, notes, problems);
            if (!_expressions.TryGetValue(reference, out var inner))
            {
                return; // reported where the reference was built
            }

            expression += $" | string.replace \"{reference}\" ({inner})";
            simulated = simulated.Replace(reference, _simulated[reference], StringComparison.Ordinal);
        }

        var pryv = _pryv.Apply(_pryv.BaseText(name));
        if (simulated == pryv)
        {
            _expressions[name] = expression;
            _simulated[name] = simulated;
            if (references.Count > 0)
            {
                Referring[name] = references;
            }

            return;
        }

        // Replacing the references one by one differs from Pryv's single pass (a name inside another, a value that
        // contains a name): keep the value as Pryv expands it today.
        if (_secrets.Contains(name) || _pryv.Values[name] is string)
        {
            Expanded[name] = pryv;
        }
        else if (Parse(pryv) is { } parsed && JsonStringify.Stringify(parsed.Value) == pryv)
        {
            Expanded[name] = parsed.Value;
        }
        else
        {
            problems.Add($"{name}: its value names {string.Join(", ", references)} and expands to text that is not the JSON of a value: cannot be kept as a value");
            return;
        }

        notes.Add($"{name}: names {string.Join(", ", references)} in a way a template cannot repeat: its expanded value is stored instead (edit it there when they change)");
        _expressions[name] = Base(name);
        _simulated[name] = pryv;
    }

    private static (object? Value, bool Ok)? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return (PlainData.Of(document.RootElement), true);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
