namespace PryvBus.Leader.Validation;

/// <summary>How a parser's message is shown: one line, its location prefix and suffix removed, control characters replaced.</summary>
internal static class OutputText
{
    private const int MaxLength = 200;

    /// <param name="message">The message, which may quote the rendered text.</param>
    /// <param name="mask">
    /// Masks the sensitive values and secrets in it, before it is cut to its length: a value cut short is no longer found
    /// whole by a masker, and its first characters would be printed. Null: nothing to mask.
    /// </param>
    public static string Clean(string message, Func<string, string>? mask = null)
    {
        message = mask?.Invoke(message) ?? message;
        var text = new string(message.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return text.Length > MaxLength ? text[..MaxLength] + "…" : text;
    }
}
