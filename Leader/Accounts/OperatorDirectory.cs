using Microsoft.Extensions.Logging;
using PryvBus.Leader.State;

namespace PryvBus.Leader.Accounts;

/// <summary>
/// The operators the running leader knows: the users file, read again when its time stamp or size changed (checked on
/// each use, cached otherwise), so `users` and `tokens` commands apply at once without a restart. A users file that
/// cannot be read or is invalid refuses every token (fail closed, one warning per change): the admin key still works.
/// </summary>
public sealed partial class OperatorDirectory(Func<string> usersFile, ILogger<OperatorDirectory>? logger = null)
{
    private readonly Lock _lock = new();
    private (string Path, DateTime Written, long Length)? _seen;
    private UsersDocument? _document;

    /// <summary>True when some enabled operator exists (the admin API is then on even without an admin key).</summary>
    public bool HasOperators => Current()?.Users.Any(u => !u.Disabled) == true;

    /// <summary>The current document, or null when the users file is not usable.</summary>
    public UsersDocument? Current()
    {
        var path = usersFile();
        var info = new FileInfo(path);
        var stamp = (path, info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue, info.Exists ? info.Length : -1);
        lock (_lock)
        {
            if (_seen == stamp)
            {
                return _document;
            }

            _seen = stamp;
            try
            {
                _document = UsersFile.Read(path);
            }
            catch (StateException ex)
            {
                _document = null;
                if (logger is not null)
                {
                    UsersFileUnusable(logger, ex.Message);
                }
            }

            return _document;
        }
    }

    /// <summary>
    /// Checks a presented token: its id names a token of an enabled operator and its digest matches (constant-time; a
    /// digest is compared even when the id is unknown).
    /// </summary>
    public TokenCheck CheckToken(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var id = ApiToken.IdOf(presented);
        var document = Current();
        var owner = id is null ? null : document?.Users.FirstOrDefault(u => u.Tokens.Any(t => t.Id == id));
        var record = owner?.Tokens.First(t => t.Id == id);
        var matches = ApiToken.Matches(presented, record?.Sha256);
        if (owner is null || !matches)
        {
            return TokenCheck.Refused(id, "unknown or revoked token");
        }

        return owner.Disabled
            ? TokenCheck.Refused(id, $"operator {owner.Name} is disabled")
            : TokenCheck.Accepted(new Actor(owner.Name, owner.ParsedRole, "api"), id!);
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Users file unusable, every operator token is refused until it is fixed: {Problem}")]
    private static partial void UsersFileUnusable(ILogger logger, string problem);
}
