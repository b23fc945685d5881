using System.Text.Json;

namespace PryvBus.Leader.Validation;

/// <summary>
/// Parses a rendered JSON file as strictly as the programs that read it (Node's <c>JSON.parse</c>): one value, no
/// comments, no trailing commas, nothing after the value. A forward-only reader: nothing is built, depth is no recursion.
/// </summary>
internal static class JsonOutput
{
    /// <summary>As deep as System.Text.Json writes by default: whatever it writes, this reads.</summary>
    private const int MaxDepth = 1000;

    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = MaxDepth,
    };

    /// <param name="content">The rendered bytes, without a byte order mark.</param>
    /// <param name="mask">Masks secrets in the parser's message (<see cref="OutputText.Clean"/>); null: none.</param>
    public static OutputProblem? Check(ReadOnlySpan<byte> content, Func<string, string>? mask = null)
    {
        var reader = new Utf8JsonReader(content, Options);
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0);
            var column = Column(content, line, (int)(ex.BytePositionInLine ?? 0));
            return new OutputProblem(line + 1, column, "invalid JSON: " + OutputText.Clean(Reason(ex.Message), mask));
        }
    }

    /// <summary>The reader counts bytes; an editor counts characters: the 1-based column of that byte on its line.</summary>
    private static int Column(ReadOnlySpan<byte> content, int line, int bytePosition)
    {
        var start = 0;
        for (var i = 0; i < line && start < content.Length; i++)
        {
            var next = content[start..].IndexOf((byte)'\n');
            start = next < 0 ? content.Length : start + next + 1;
        }

        var end = Math.Min(content.Length, start + bytePosition);
        var characters = 0;
        foreach (var b in content[start..end])
        {
            characters += (b & 0xC0) == 0x80 ? 0 : 1; // UTF-8 continuation bytes do not start a character.
        }

        return characters + 1;
    }

    /// <summary>"'}' is invalid after a property name. Expected a ':'. LineNumber: 2 | BytePositionInLine: 4." → the reason alone.</summary>
    private static string Reason(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = at > 0 ? message[..at] : message;

        // Advice for a programmer ("Change the reader options") is no advice for an operator: what the file breaks is.
        var advice = reason.IndexOf(" which is not supported in this mode", StringComparison.Ordinal);
        return (advice > 0 ? reason[..advice] : reason).TrimEnd().TrimEnd('.');
    }
}
