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

    /// <summary>How many characters of expansions are remembered at most (each name's expanded once, while they fit).</summary>
    private const long MaxRemembered = 64L * 1024 * 1024;

    private readonly Regex? _tokens;

    // A name's expansion that succeeded, and how many levels of names it nests: the same text wherever it is met again
    // (it reaches no name that leads back to it, or it would have failed), only the depth limit depends on where.
    private readonly Dictionary<string, (string Text, int Height)> _expanded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _acyclic = new(StringComparer.Ordinal);
    private long _remembered;

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

    /// <summary>False: every name met is expanded again (tests compare the two).</summary>
    internal bool Remember { get; init; } = true;

    /// <summary>How many times a name was expanded (not taken from what is remembered); for tests.</summary>
    internal long Expansions { get; private set; }

    /// <summary>How many names <see cref="CycleFrom"/> looked into (not known already to lead to no cycle); for tests.</summary>
    internal long Visits { get; private set; }

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
    public string Apply(string text) => Apply(text, new ImmutableStack([])).Text;

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

            if (_acyclic.Contains(current))
            {
                return null; // looked into already, whole: names that share references are not walked once per path
            }

            Visits++;
            path.Add(current);
            foreach (var next in References(current))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            _acyclic.Add(current);
            return null;
        }
    }

    private (string Text, int Height) Apply(string text, ImmutableStack stack)
    {
        var output = new StringBuilder();
        var height = 0;
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

            var inner = Expand(piece, stack);
            height = Math.Max(height, inner.Height + 1);
            output.Append(inner.Text);
            if (output.Length > MaxOutput)
            {
                throw new InvalidOperationException($"expanding {piece} gives over {MaxOutput} characters");
            }
        }

        return (output.ToString(), height);
    }

    /// <summary>
    /// <paramref name="name"/>'s expansion met at <paramref name="stack"/>: remembered when it expanded before and its
    /// nested names stay within the depth limit from here (else expanded again, to fail as it would), else expanded.
    /// </summary>
    private (string Text, int Height) Expand(string name, ImmutableStack stack)
    {
        if (_expanded.TryGetValue(name, out var known) && stack.Depth + 1 + known.Height <= MaxDepth)
        {
            return known;
        }

        Expansions++;
        var expanded = Apply(BaseText(name), stack.Push(name));
        if (Remember && !_expanded.ContainsKey(name) && _remembered + expanded.Text.Length <= MaxRemembered)
        {
            _expanded[name] = expanded;
            _remembered += expanded.Text.Length;
        }

        return expanded;
    }

    private sealed record ImmutableStack(IReadOnlyList<string> Items)
    {
        public int Depth => Items.Count;

        public bool Contains(string name) => Items.Contains(name, StringComparer.Ordinal);

        public ImmutableStack Push(string name) => new([.. Items, name]);
    }
}
