namespace PryvBus.Leader.Accounts;

/// <summary>
/// Password verification with lockout, for the console's login: <paramref name="maxFailures"/> failures of one account
/// name within <paramref name="window"/> lock it for <paramref name="lockout"/> (a right password is then refused too,
/// and reveals nothing). Every attempt costs one PBKDF2 verification, whether the name is known, unknown, disabled or
/// locked, and the hash comparison is constant-time. Counted per name, known or not (bounded memory).
/// </summary>
public sealed class LoginGuard(OperatorDirectory directory, int maxFailures, TimeSpan window, TimeSpan lockout, TimeProvider? time = null)
{
    private const int MaxTracked = 10_000;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, Attempts> _attempts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public LoginOutcome Verify(string name, string password)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var account = directory.Current()?.Find(name);
        var matches = PasswordHash.Verify(password, account?.PasswordHash);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var attempts = AttemptsOf(name, now);
            if (attempts.LockedUntil > now)
            {
                return new LoginOutcome(null, LoginRefusal.LockedOut);
            }

            if (matches && account is { Disabled: false })
            {
                _attempts.Remove(name);
                return new LoginOutcome(new Actor(account.Name, account.ParsedRole, "console"), LoginRefusal.None, SessionStamps.Of(account));
            }

            attempts.Failures.Enqueue(now);
            while (attempts.Failures.Peek() <= now - window)
            {
                attempts.Failures.Dequeue();
            }

            if (attempts.Failures.Count >= maxFailures)
            {
                attempts.LockedUntil = now + lockout;
                attempts.Failures.Clear();
                return new LoginOutcome(null, LoginRefusal.LockedOut);
            }

            return new LoginOutcome(null, LoginRefusal.WrongCredentials);
        }
    }

    /// <summary>True while the name is locked out.</summary>
    public bool IsLockedOut(string name)
    {
        lock (_lock)
        {
            return _attempts.TryGetValue(name, out var attempts) && attempts.LockedUntil > _time.GetUtcNow();
        }
    }

    private Attempts AttemptsOf(string name, DateTimeOffset now)
    {
        if (_attempts.TryGetValue(name, out var attempts))
        {
            return attempts;
        }

        if (_attempts.Count >= MaxTracked)
        {
            // Forget names with nothing recent: a flood of made-up names must not grow memory without bound.
            foreach (var stale in _attempts.Where(a => a.Value.LockedUntil <= now && (a.Value.Failures.Count == 0 || a.Value.Failures.Last() <= now - window)).Select(a => a.Key).ToList())
            {
                _attempts.Remove(stale);
            }
        }

        return _attempts[name] = new Attempts();
    }

    private sealed class Attempts
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
