using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace PryvBus.Leader.Commands;

/// <summary>The one line that says what is wrong with a command line, naming the verb (exit code 2), or null.</summary>
internal static class UsageProblem
{
    public static string? Of(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        // --help, --version and the [suggest] directive (shell completion) run their own actions.
        var root = parsed.RootCommandResult.Command as RootCommand;
        if (parsed.Action is HelpAction || root?.Directives.Any(d => parsed.GetResult(d) is not null) == true
            || (parsed.Errors.Count == 0 && parsed.Action != parsed.CommandResult.Command.Action))
        {
            return null;
        }

        var verb = VerbOf(parsed).TrimEnd();
        var where = verb.Length == 0 ? string.Empty : $" for '{verb}'";
        // An unknown --option after a verb that takes words would otherwise be taken as one of its words.
        var option = parsed.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).FirstOrDefault(LooksLikeOption)
            ?? parsed.UnmatchedTokens.FirstOrDefault(LooksLikeOption);
        if (option is not null)
        {
            return $"unknown option {option}{where}";
        }

        if (parsed.UnmatchedTokens.Count > 0 && parsed.UnmatchedTokens[0] is var word)
        {
            return verb.Length == 0 ? $"unknown command '{word}'" : $"unexpected argument '{word}'{where}";
        }

        return parsed.Errors.Count == 0 ? null : $"{parsed.Errors[0].Message.TrimEnd('.')}{where}";
    }

    /// <summary>The verb path (<c>secrets rotate </c>) with a trailing space, or empty for the root.</summary>
    public static string VerbOf(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var path = new List<string>();
        for (SymbolResult? symbol = parsed.CommandResult; symbol is CommandResult { Parent: not null } command; symbol = command.Parent)
        {
            path.Insert(0, command.Command.Name);
        }

        return path.Count == 0 ? string.Empty : string.Join(' ', path) + " ";
    }

    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]);
}
