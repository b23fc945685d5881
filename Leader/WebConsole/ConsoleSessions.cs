using System.Security.Cryptography;
using PryvBus.Leader.Accounts;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// The console's sessions, checked on the server on every request (and by the live feed, twice a second): a session is
/// the operator's while it is under eight hours old (<see cref="Lifetime"/>, from sign-in, never extended), was not
/// signed out, and its account still exists, is enabled and has the session stamp it signed in with
/// (<see cref="SessionStamps"/>). Signing out revokes the session's id in memory until the session would have ended
/// anyway; a leader restart forgets them, and ends every session with the in-memory keys that protect the cookies.
/// </summary>
internal sealed class ConsoleSessions(IOperatorSignIn accounts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly Dictionary<string, DateTimeOffset> _signedOut = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>A new session for an operator who just signed in with the account's <paramref name="stamp"/>.</summary>
    internal ConsoleTicket Start(Actor signedIn, string stamp)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        return new ConsoleTicket(signedIn.Name, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), stamp, Now + Lifetime);
    }

    /// <summary>The operator as the accounts know them now (source <c>console</c>); null when the session is over.</summary>
    internal Actor? Check(ConsoleTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Expires <= Now)
        {
            return null;
        }

        lock (_lock)
        {
            if (_signedOut.ContainsKey(ticket.SessionId))
            {
                return null;
            }
        }

        return accounts.Find(ticket.Name, ticket.Stamp);
    }

    /// <summary>Signs the session out: its cookie, wherever a copy is, is refused from now on.</summary>
    internal void End(ConsoleTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = Now;
        lock (_lock)
        {
            // A session past its end is refused by its own expiry: its id need not be kept (at most the sign-outs of 8 hours are).
            foreach (var over in _signedOut.Where(s => s.Value <= now).Select(s => s.Key).ToList())
            {
                _signedOut.Remove(over);
            }

            _signedOut[ticket.SessionId] = ticket.Expires;
        }
    }
}
