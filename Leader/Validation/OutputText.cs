namespace PryvBus.Leader.Validation;

/// <summary>How a parser's message is shown: one line, its location prefix and suffix removed, control characters replaced.</summary>
internal static class OutputText
{
    private const int MaxLength = 200;

    public static string Clean(string message)
    {
        var text = new string(message.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return text.Length > MaxLength ? text[..MaxLength] + "…" : text;
    }
}
