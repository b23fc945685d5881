namespace PryvBus.Leader.Settings;

/// <summary>config-leader.json is unusable; <see cref="Errors"/> lists every problem, each naming the file and key.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException(IReadOnlyList<string> errors)
        : base(Format(errors)) => Errors = errors;

    public SettingsException()
        : this([])
    {
    }

    public SettingsException(string message)
        : this([message])
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors) =>
        errors.Count == 1
            ? "Invalid leader settings: " + errors[0]
            : $"Invalid leader settings ({errors.Count} problems):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors);
}
