using System.Globalization;

namespace PryvBus.Leader.Accounts;

/// <summary>Times as the users file and the audit trail write them: UTC, ISO 8601 with milliseconds.</summary>
public static class Time
{
    public static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
