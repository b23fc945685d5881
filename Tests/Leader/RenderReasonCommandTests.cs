using PryvBus.Leader.Audit;
using PryvBus.Leader.Commands;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// <c>render --reason</c> checks its reason as <c>POST /admin/render</c> does (it goes to the versions' meta, the audit
/// trail and the log): a refused reason is one usage error naming the option, and nothing is rendered, stored or recorded.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RenderReasonCommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string OneLine = "the reason must be one line without control characters";

    public static TheoryData<string, string> BadReasons => new()
    {
        { "\u001b[2J\u001b]0;pwned\u0007", OneLine },
        { "line1\nSERIAL 999 fake row", OneLine },
        { "tab\there", OneLine },
        { new string('x', 100_000), "the reason must be at most 500 characters" },
        { " ", "a reason is required" },
        { string.Empty, "a reason is required" },
    };

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task Render_ReasonRefused_ExitTwoNamingTheOptionNothingStoredNothingAudited(string reason, string problem)
    {
        using var tree = await ChangedAfterFirstRenderAsync();

        var (exit, output, error) = await RunAsync("render", "--reason", reason, "--config", tree.ConfigPath);

        exit.Should().Be(2);
        output.Should().BeEmpty();
        // One error naming the option, then the usage hint: no stack trace, and nothing of the reason echoed.
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().SatisfyRespectively(
            first => first.Should().StartWith($"error: --reason: {problem}"),
            usage => usage.Should().StartWith("usage: pryvbus-leader render"));
        error.Should().NotContain("\u001b").And.NotContain("fake row").And.NotContain("xxxxxxxx");
        var keys = new RedisKeys(tree.Prefix);
        (await redis.Db.StringGetAsync(keys.Serial("core"))).ToString().Should().Be("1", "the changed template was not rendered");
        (await RendersAsync(keys)).Should().ContainSingle("only the first render is recorded");
    }

    [Fact]
    public async Task Render_GoodReason_StoredTrimmedInTheMetaAndTheTrail()
    {
        // The refusals above are meaningful: the same render, with a proper reason, is stored and recorded.
        using var tree = await ChangedAfterFirstRenderAsync();

        var (exit, output, error) = await RunAsync("render", "--reason", "  new greeting ", "--config", tree.ConfigPath);

        (exit, error).Should().Be((0, string.Empty));
        output.Should().Be("core: stored serial 2, published to 0 subscriber(s)\n");
        var keys = new RedisKeys(tree.Prefix);
        ((string?)await redis.Db.HashGetAsync(keys.Meta("core", 2), MetaFields.Reason)).Should().Be("new greeting", "trimmed, as the HTTP route trims it");
        (await RendersAsync(keys)).Select(r => r.Reason).Should().Equal("render command", "new greeting");
    }

    /// <summary>A tree rendered once by the CLI (serial 1, reason "render command"), whose template then changed on disk.</summary>
    private async Task<LeaderTree> ChangedAfterFirstRenderAsync()
    {
        var tree = new LeaderTree(redis.Endpoint).Template("core", "app/greeting.txt", "hello");
        var first = await RunAsync("render", "--config", tree.Save());
        first.Exit.Should().Be(0, first.Error);
        File.WriteAllText(tree.TemplatePath("core", "app/greeting.txt"), "hello again");
        return tree;
    }

    private async Task<AuditRecord[]> RendersAsync(RedisKeys keys) =>
        [.. (await new AuditStream(redis.Db, keys).ReadAllAsync()).Select(e => e.Record!).Where(r => r.Action == "render")];
}
