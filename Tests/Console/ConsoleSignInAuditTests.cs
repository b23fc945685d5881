using System.Net;
using PryvBus.Leader.Audit;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Console;

/// <summary>
/// What the audit trail keeps of console sign-ins: a failed one names the account only when the name typed is an
/// existing operator's, so a password typed into the name box never reaches the hash-chained trail.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleSignInAuditTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3")]
    [InlineData("nobody-by-this-name")]
    public async Task SignInFailed_NameNotAnOperators_RecordedAsUnknownName(string typed)
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);

        (await client.SignInAsync(typed, "wrong password")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var failed = (await RecordsAsync(scenario)).Should().ContainSingle(r => r.Action == "login.failed").Which;
        failed.Actor.Should().Be("(unknown name)");
        (await RecordsAsync(scenario)).Should().NotContain(r => (r.Actor + r.Detail + r.Reason).Contains(typed, StringComparison.Ordinal));
        (await AuditPageAsync(scenario)).Should().NotContain(System.Net.WebUtility.HtmlEncode(typed));
    }

    [Fact]
    public async Task SignInFailed_ExistingOperator_RecordedByNameWithTheClient()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);

        await client.SignInAsync("eve", "wrong password");

        var failed = (await RecordsAsync(scenario)).Should().ContainSingle(r => r.Action == "login.failed").Which;
        failed.Actor.Should().Be("eve");
        failed.Detail.Should().Be("from 127.0.0.1");
    }

    private async Task<AuditRecord[]> RecordsAsync(ConsoleScenario scenario) =>
        [.. (await new AuditStream(redis.Db, new RedisKeys(scenario.Tree.Prefix)).ReadAllAsync()).Select(e => e.Record!)];

    private static async Task<string> AuditPageAsync(ConsoleScenario scenario)
    {
        using var admin = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await admin.SignInAsync("ada", ConsoleScenario.Password);
        return (await admin.GetAsync("/console/audit?action=login.failed")).Body;
    }
}
