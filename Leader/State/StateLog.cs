using Microsoft.Extensions.Logging;

namespace PryvBus.Leader.State;

/// <summary>Log lines of the state folder, its key, the Redis ↔ state reconciliation and backups (event ids 2300–2399, 2550–2599).</summary>
internal static partial class StateLog
{
    [LoggerMessage(2300, LogLevel.Warning, "Generated the state key file {KeyFile} (mode 0600): back it up apart from the state folder {StateDirectory}; without it the sealed secrets cannot be read")]
    public static partial void KeyGenerated(ILogger logger, string keyFile, string stateDirectory);

    [LoggerMessage(2301, LogLevel.Warning, "Redis had lost {Count} secret(s) that the state folder keeps ({Names}): restored them into Redis, no new value generated")]
    public static partial void SecretsRestored(ILogger logger, int count, string names);

    [LoggerMessage(2302, LogLevel.Information, "Imported {Count} secret(s) from Redis into the state folder {StateDirectory} ({Names})")]
    public static partial void SecretsImported(ILogger logger, int count, string stateDirectory, string names);

    [LoggerMessage(2303, LogLevel.Warning, "Redis held other values than the state folder for {Count} secret(s) ({Names}): set them back to the state folder's")]
    public static partial void SecretsRealigned(ILogger logger, int count, string names);

    [LoggerMessage(2304, LogLevel.Error, "The state folder cannot be used: roles using a secret keep their current version, no secret is generated. {Problem}")]
    public static partial void StateUnavailable(ILogger logger, string problem);

    [LoggerMessage(2305, LogLevel.Information, "Sealed {Count} new secret(s) of role {Role} in the state folder before storing them in Redis ({Names})")]
    public static partial void SecretsSealed(ILogger logger, int count, string role, string names);

    [LoggerMessage(2550, LogLevel.Warning, "Removed {Count} temporary file(s) of {File} in the state folder {StateDirectory}, left by a process killed while writing it ({Names})")]
    public static partial void StaleTempsRemoved(ILogger logger, int count, string file, string stateDirectory, string names);

    [LoggerMessage(2306, LogLevel.Warning, "Could not record the serials of this pass in {File} ({Problem}): the next pass stores above every reserved serial")]
    public static partial void LedgerNotSettled(ILogger logger, string file, string problem);
}
