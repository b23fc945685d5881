namespace PryvBus.Follower.Settings;

/// <summary>The settings file has problems; <see cref="Errors"/> lists every one as "file: key: problem".</summary>
public sealed class SettingsException : Exception
{
    public SettingsException(IReadOnlyList<string> errors)
        : base("Invalid follower settings:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors))
    {
        Errors = errors;
    }

    public SettingsException()
        : this([])
    {
    }

    public SettingsException(string message)
        : this([message])
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; } = [];
}
