using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PryvBus.Shared.Yaml;

/// <summary>
/// Reads a YAML text's events before YamlDotNet's representation model loads it, and finds what would make that load
/// recurse without end (a stack overflow kills the process: no exception to catch): an alias to a collection that is
/// still open (<c>&amp;a [*a]</c>), and any mapping key that is not a plain value (an alias or a collection as a key is
/// compared while aliases resolve). Neither compose files nor Pryv's platform.yml use them. Used before every
/// <c>YamlStream.Load</c> of an untrusted text (the follower's pryv.yml, the leader's import).
/// </summary>
public static class YamlAliasGuard
{
    /// <returns>Null when the text may be loaded; else <c>{line}:{column}: {what} is not accepted</c>.</returns>
    /// <exception cref="YamlException">The text is not YAML (the caller reports it).</exception>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        var frames = new Stack<(string? Anchor, bool Mapping, bool KeyNext)>();
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            var atKey = frames.TryPeek(out var parent) && parent.Mapping && parent.KeyNext;
            switch (current)
            {
                case AnchorAlias alias:
                    if (atKey || frames.Any(f => f.Anchor == alias.Value.Value))
                    {
                        return Refused(current, atKey ? "an alias as a mapping key" : $"alias *{alias.Value.Value} inside the node it names (a recursive alias)");
                    }

                    Advance(frames);
                    break;
                case Scalar:
                    Advance(frames);
                    break;
                case MappingStart or SequenceStart when atKey:
                    return Refused(current, "a mapping or sequence as a mapping key");
                case MappingStart mapping:
                    frames.Push((mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value, true, true));
                    break;
                case SequenceStart sequence:
                    frames.Push((sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value, false, false));
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    Advance(frames);
                    break;
            }
        }

        return null;
    }

    /// <summary>A node ended: in a mapping, a key is followed by its value and a value by the next key.</summary>
    private static void Advance(Stack<(string? Anchor, bool Mapping, bool KeyNext)> frames)
    {
        if (frames.TryPop(out var frame))
        {
            frames.Push(frame.Mapping ? frame with { KeyNext = !frame.KeyNext } : frame);
        }
    }

    private static string Refused(ParsingEvent at, string what) => $"{at.Start.Line}:{at.Start.Column}: {what} is not accepted";
}
