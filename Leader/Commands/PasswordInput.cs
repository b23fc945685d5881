using System.Text;

namespace PryvBus.Leader.Commands;

/// <summary>
/// Where <c>users add</c> and <c>users passwd</c> read a password: standard input when piped (one line), else a prompt
/// on the terminal without echo, asked twice (the prompts go to standard error: standard output stays for --json). Never from an argument (the process list and shell history show those).
/// </summary>
public static class PasswordInput
{
    /// <param name="input">Standard input when it is redirected, else null (then the terminal is asked).</param>
    /// <exception cref="UsageException">No password, or one too weak (never quoted).</exception>
    public static async Task<string> ReadAsync(TextReader? input, TextWriter prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        string password;
        if (input is not null)
        {
            password = await input.ReadLineAsync() ?? string.Empty;
        }
        else
        {
            if (!Environment.UserInteractive || Console.IsInputRedirected)
            {
                throw new UsageException("pipe the password on standard input, or run this in a terminal to be asked for it");
            }

            password = Prompt(prompt, "Password: ");
            if (!string.Equals(password, Prompt(prompt, "Again: "), StringComparison.Ordinal))
            {
                throw new UsageException("the two passwords differ");
            }
        }

        password = password.TrimEnd('\r');
        return Accounts.PasswordHash.Weakness(password) is { } weakness ? throw new UsageException(weakness) : password;
    }

    private static string Prompt(TextWriter prompt, string text)
    {
        prompt.Write(text);
        prompt.Flush();
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                prompt.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
