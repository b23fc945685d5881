using PryvBus.Leader.Accounts;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Rollout;

namespace PryvBus.Tests.Accounts;

/// <summary>Password logins for the console: right password in, N failures in the window lock the account for a period.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class LoginGuardTests : IDisposable
{
    private const string Password = "a good long password";
    private readonly TempDirectory _folder = new();
    private readonly ManualTime _time = new();

    public LoginGuardTests() => TestUsers.Write(
        UsersPath,
        new OperatorAccount { Name = "alice", Role = "releaser", PasswordHash = PasswordHash.Create(Password, 1000) },
        new OperatorAccount { Name = "bob", Role = "viewer", PasswordHash = PasswordHash.Create(Password, 1000), Disabled = true });

    private string UsersPath => _folder.Combine("users.json");

    private LoginGuard Guard(int failures = 3) =>
        new(new OperatorDirectory(() => UsersPath), failures, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), _time);

    [Fact]
    public void Verify_RightPassword_ActorWithTheRoleFromTheConsole()
    {
        var outcome = Guard().Verify("alice", Password);

        outcome.Actor.Should().Be(new Actor("alice", OperatorRole.Releaser, "console"));
    }

    [Fact]
    public void Verify_WrongPasswordUnknownUserOrDisabled_SameRefusal()
    {
        var guard = Guard(failures: 100);

        guard.Verify("alice", "not the password!").Refusal.Should().Be(LoginRefusal.WrongCredentials);
        guard.Verify("nobody", Password).Refusal.Should().Be(LoginRefusal.WrongCredentials);
        guard.Verify("bob", Password).Refusal.Should().Be(LoginRefusal.WrongCredentials);
    }

    [Fact]
    public void Verify_FailuresReachTheLimit_LockedEvenWithTheRightPasswordUntilTheLockoutEnds()
    {
        var guard = Guard(failures: 3);
        guard.Verify("alice", "wrong one 1").Refusal.Should().Be(LoginRefusal.WrongCredentials);
        guard.Verify("alice", "wrong one 2").Refusal.Should().Be(LoginRefusal.WrongCredentials);

        guard.Verify("alice", "wrong one 3").Refusal.Should().Be(LoginRefusal.LockedOut);
        guard.Verify("alice", Password).Refusal.Should().Be(LoginRefusal.LockedOut);

        _time.Advance(TimeSpan.FromMinutes(31));
        guard.Verify("alice", Password).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Verify_FailuresSpreadBeyondTheWindow_NotLocked()
    {
        var guard = Guard(failures: 3);
        guard.Verify("alice", "wrong one 1");
        guard.Verify("alice", "wrong one 2");
        _time.Advance(TimeSpan.FromMinutes(16));

        guard.Verify("alice", "wrong one 3").Refusal.Should().Be(LoginRefusal.WrongCredentials);
        guard.Verify("alice", Password).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Verify_OneAccountLocked_OthersUnaffected()
    {
        var guard = Guard(failures: 1);
        guard.Verify("nobody", "guess guess guess").Refusal.Should().Be(LoginRefusal.LockedOut);

        guard.IsLockedOut("nobody").Should().BeTrue();
        guard.Verify("alice", Password).Succeeded.Should().BeTrue();
    }

    public void Dispose() => _folder.Dispose();
}
