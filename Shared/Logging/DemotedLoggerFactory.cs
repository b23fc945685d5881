using Microsoft.Extensions.Logging;

namespace PryvBus.Shared.Logging;

/// <summary>A logger factory for a library's diagnostics: its loggers write through <see cref="DemotedLogger"/>.</summary>
public sealed class DemotedLoggerFactory(ILoggerFactory inner, string? secret) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new DemotedLogger(inner.CreateLogger(categoryName), secret);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The inner factory belongs to the host: it disposes it.</summary>
    public void Dispose()
    {
    }
}
