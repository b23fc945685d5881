using PryvBus.Leader.Accounts;
using PryvBus.Leader.WebConsole;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Rollout;

namespace PryvBus.Tests.Accounts;

/// <summary>
/// The console checks one password at a time: PBKDF2 is CPU work on purpose, and a flood of sign-ins must not take
/// every worker of the leader's thread pool (the leader's Redis answers are read there).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AccountsSignInTests : IDisposable
{
    private const string Password = "a good long password";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _folder = new();

    public AccountsSignInTests() =>
        TestUsers.Write(UsersPath, new OperatorAccount { Name = "alice", Role = "releaser", PasswordHash = PasswordHash.Create(Password, 1000) });

    private string UsersPath => _folder.Combine("users.json");

    [Fact]
    public async Task CheckPassword_SeveralAtOnce_OneChecksWhileTheOthersWaitTheirTurn()
    {
        using var holdFirst = new ManualResetEventSlim();
        var inside = 0;
        var most = 0;
        var directory = new OperatorDirectory(() => UsersPath);
        using var signIn = new AccountsSignIn(directory, new LoginGuard(directory, 100, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), new ManualTime()))
        {
            Checking = () =>
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                holdFirst.Wait(Patience);
                Interlocked.Decrement(ref inside);
            },
        };

        var first = signIn.CheckPasswordAsync("alice", Password, "127.0.0.1");
        Task<SignInOutcome>[] others = [];
        int insideWhileHeld;
        try
        {
            await Wait.UntilAsync(() => Volatile.Read(ref inside) == 1, Patience, "the first check to start");
            others = [.. Enumerable.Range(0, 3).Select(_ => signIn.CheckPasswordAsync("alice", "not the password!", "127.0.0.1"))];

            // Each other check is either waiting for its turn or (without the gate) already checking beside the first.
            await Wait.UntilAsync(() => signIn.Waiting + Volatile.Read(ref inside) == 4, Patience, "every check to wait or start");
            insideWhileHeld = Volatile.Read(ref inside);
        }
        finally
        {
            holdFirst.Set();
        }

        var outcomes = await Task.WhenAll(others.Prepend(first));

        insideWhileHeld.Should().Be(1);
        most.Should().Be(1);
        outcomes[0].Operator.Should().Be(new Actor("alice", OperatorRole.Releaser, "console"));
        outcomes.Skip(1).Should().AllSatisfy(o => o.Refusal.Should().Be(AccountsSignIn.Refusal));
    }

    public void Dispose() => _folder.Dispose();

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var actual && actual != seen)
        {
            seen = actual;
        }
    }
}
