using PryvBus.Leader.Accounts;
using PryvBus.Leader.WebConsole;

namespace PryvBus.Tests.Console;

/// <summary>Operators known to a test (name → password, role); a removed one is gone at once.</summary>
internal sealed class TestOperators : IOperatorSignIn
{
    private readonly Dictionary<string, (string Password, OperatorRole Role)> _operators = new(StringComparer.Ordinal);

    public TestOperators Add(string name, string password, OperatorRole role)
    {
        lock (_operators)
        {
            _operators[name] = (password, role);
        }

        return this;
    }

    public void Remove(string name)
    {
        lock (_operators)
        {
            _operators.Remove(name);
        }
    }

    public Task<SignInOutcome> CheckPasswordAsync(string name, string password, string client, CancellationToken cancellationToken = default)
    {
        lock (_operators)
        {
            return Task.FromResult(_operators.TryGetValue(name, out var known) && known.Password == password
                ? new SignInOutcome(new Actor(name, known.Role, "console"), null)
                : SignInOutcome.Refused("Wrong operator name or password."));
        }
    }

    public Actor? Find(string name)
    {
        lock (_operators)
        {
            return _operators.TryGetValue(name, out var known) ? new Actor(name, known.Role, "console") : null;
        }
    }
}
