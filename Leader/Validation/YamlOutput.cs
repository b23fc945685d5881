using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PryvBus.Leader.Validation;

/// <summary>
/// Parses a rendered YAML file (every document of it) with YamlDotNet's event parser: nothing is built and no alias is
/// expanded, so a hostile file costs its length only. A key written twice in one mapping is an error too: compose and
/// most YAML readers refuse it, and a reader that takes one of the two silently is worse.
/// </summary>
internal static partial class YamlOutput
{
    /// <summary>
    /// As deep as JSON is read (<see cref="JsonOutput"/>). The parser's work per token grows with the nesting, so a file
    /// nested 100,000 deep would take minutes: deeper than this is refused as soon as it is reached.
    /// </summary>
    private const int MaxDepth = 1000;

    /// <param name="content">The rendered text.</param>
    /// <param name="mask">Masks secrets in a message quoting it (<see cref="OutputText.Clean"/>); null: none.</param>
    public static OutputProblem? Check(string content, Func<string, string>? mask = null)
    {
        var parser = new Parser(new StringReader(content));
        var frames = new Stack<YamlFrame>();
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
                if (Visit(parser.Current!, frames, mask) is { } duplicate)
                {
                    return duplicate;
                }

                if (frames.Count > MaxDepth)
                {
                    return new OutputProblem(
                        (int)parser.Current!.Start.Line, (int)parser.Current.Start.Column, $"invalid YAML: nested deeper than {MaxDepth} levels");
                }
            }

            return null;
        }
        catch (YamlException ex)
        {
            // The parser reports where it found the problem (the end mark) and the construct it was reading (the start).
            var (line, column) = ex.Message.Contains(" tab ", StringComparison.Ordinal) && FirstTabIndent(content, ex.Start.Line) is { } tab
                ? tab
                : ((int)Math.Max(1, ex.End.Line), (int)Math.Max(1, ex.End.Column));
            var context = ex.Start.Line >= 1 && ex.Start.Line != line
                ? string.Create(CultureInfo.InvariantCulture, $" (in what starts at line {ex.Start.Line}, column {ex.Start.Column})")
                : string.Empty;
            return new OutputProblem(line, column, "invalid YAML: " + Reason(ex.Message, mask) + context);
        }
        catch (InvalidOperationException)
        {
            // Some malformed input ends the parser's state machine instead (an unclosed flow collection).
            return new OutputProblem((int)Math.Max(1, last.Line), (int)Math.Max(1, last.Column), "invalid YAML: cannot be parsed after this point (an unclosed [ or { ?)");
        }
        catch (ArgumentException ex)
        {
            // A malformed tag (!!**&) is refused by the parser's own argument checks.
            return new OutputProblem((int)Math.Max(1, last.Line), (int)Math.Max(1, last.Column), "invalid YAML after this point: " + OutputText.Clean(ex.Message, mask));
        }
    }

    /// <summary>The parser names a tab used as indentation, but places it at the mapping: the first such tab from there.</summary>
    private static (int Line, int Column)? FirstTabIndent(string content, long fromLine)
    {
        var lines = content.Split('\n');
        for (var i = (int)Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static OutputProblem? Visit(ParsingEvent current, Stack<YamlFrame> frames, Func<string, string>? mask)
    {
        switch (current)
        {
            case Scalar scalar:
                var problem = frames.TryPeek(out var parent) ? parent.Key(scalar, mask) : null;
                Done(frames);
                return problem;
            case AnchorAlias:
                Done(frames);
                return null;
            case MappingStart:
                frames.Push(new YamlFrame(mapping: true));
                return null;
            case SequenceStart:
                frames.Push(new YamlFrame(mapping: false));
                return null;
            case MappingEnd or SequenceEnd:
                frames.Pop();
                Done(frames);
                return null;
            default:
                return null;
        }
    }

    /// <summary>A node of the innermost collection is complete: in a mapping, a key is followed by a value and back.</summary>
    private static void Done(Stack<YamlFrame> frames)
    {
        if (frames.TryPeek(out var parent))
        {
            parent.NodeDone();
        }
    }

    /// <summary>"(Line: 3, Col: 1, Idx: 10) - (Line: 3, Col: 2, Idx: 11): While scanning…" → the reason alone.</summary>
    private static string Reason(string message, Func<string, string>? mask) =>
        OutputText.Clean(MarkPrefix().Replace(message, string.Empty), mask).TrimEnd('.');

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
