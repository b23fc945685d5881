using System.Text;
using System.Text.RegularExpressions;
using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Pryv's config leader's substitution rule: one regular expression alternating every name (internals first, then the
/// platform settings, a platform setting replacing an internal's value in place), no word boundaries, applied globally;
/// at each position the first name in that order that matches wins; a string value is inserted as it is, any other as
/// <c>JSON.stringify</c> gives it; the inserted text is substituted again, recursively.
/// </summary>
public sealed class PryvSubstitution
{
    private const int MaxDepth = 32;

    /// <summary>What one template or value may expand to (values naming values naming values… grow exponentially).</summary>
    public const int MaxOutput = 8 * 1024 * 1024;
    private readonly Regex? _tokens;

    /// <param name="values">Name → value (string, double, bool, null, list, ordered dictionary), in Pryv's order.</param>
    public PryvSubstitution(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        Names = [.. values.Select(v => v.Key)];
        _tokens = Names.Count == 0
            ? null
            : new Regex(string.Join('|', Names.Select(Regex.Escape)), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyDictionary<string, object?> Values { get; }

    /// <summary>The text Pryv inserts for a name before substituting inside it: the string, or JSON.stringify's text.</summary>
    public string BaseText(string name) => Values[name] is string text ? text : JsonStringify.Stringify(Values[name]);

    /// <summary>The pieces of a text: literal text and the names Pryv's expression matches, in order.</summary>
    public IReadOnlyList<(string Text, bool IsName)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<(string, bool)>();
        var at = 0;
        foreach (Match match in _tokens?.Matches(text) ?? (IEnumerable<Match>)[])
        {
            if (match.Index > at)
            {
                pieces.Add((text[at..match.Index], false));
            }

            pieces.Add((match.Value, true));
            at = match.Index + match.Length;
        }

        if (at < text.Length)
        {
            pieces.Add((text[at..], false));
        }

        return pieces;
    }

    /// <summary>Pryv's output for a template text.</summary>
    /// <exception cref="InvalidOperationException">A value refers to itself (Pryv would recurse forever), or the text grows too large.</exception>
    public string Apply(string text) => Apply(text, new ImmutableStack([]));

    /// <summary>The names a value's inserted text refers to, in order of first appearance.</summary>
    public IReadOnlyList<string> References(string name) =>
        [.. Split(BaseText(name)).Where(p => p.IsName).Select(p => p.Text).Distinct(StringComparer.Ordinal)];

    /// <summary>A chain of names that leads back to itself, if any (Pryv would recurse forever).</summary>
    public IReadOnlyList<string>? CycleFrom(string name)
    {
        var path = new List<string>();
        return Visit(name);

        IReadOnlyList<string>? Visit(string current)
        {
            if (path.Contains(current, StringComparer.Ordinal))
            {
                return [.. path.SkipWhile(p => p != current), current];
            }

            path.Add(current);
            foreach (var next in References(current))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    private string Apply(string text, ImmutableStack stack)
    {
        var output = new StringBuilder();
        foreach (var (piece, isName) in Split(text))
        {
            if (!isName)
            {
                output.Append(piece);
                continue;
            }

            if (stack.Contains(piece) || stack.Depth >= MaxDepth)
            {
                throw new InvalidOperationException($"{piece} refers to itself through {string.Join(" → ", stack.Items.Reverse().Append(piece))}");
            }

            output.Append(Apply(BaseText(piece), stack.Push(piece)));
            if (output.Length > MaxOutput)
            {
                throw new InvalidOperationException($"expanding {piece} gives over {MaxOutput} characters");
            }
        }

        return output.ToString();
    }

    private sealed record ImmutableStack(IReadOnlyList<string> Items)
    {
        public int Depth => Items.Count;

        public bool Contains(string name) => Items.Contains(name, StringComparer.Ordinal);

        public ImmutableStack Push(string name) => new([.. Items, name]);
    }
}
