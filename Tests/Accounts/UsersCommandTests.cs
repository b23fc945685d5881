using System.Text.Json;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Accounts;

/// <summary><c>users</c> and <c>tokens</c>: the users file changed from the CLI, tokens printed once, every change audited.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class UsersCommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "a long enough password";

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>users WORDS…</c> (with <c>--role ROLE</c> when given) and returns its output.</summary>
    private async Task<string> UsersAsync(LeaderSettings settings, string? input, string[] words, string? role = null)
    {
        using var output = new StringWriter();
        var args = new CommandArgs(["users", .. words]);
        if (role is not null)
        {
            args.With("--role", [role]);
        }

        (await UsersCommand.RunAsync(settings, CliAudit.For(settings, redis.Admin), args, output, input is null ? null : new StringReader(input))).Should().Be(0);
        return output.ToString();
    }

    private async Task<string> TokensAsync(LeaderSettings settings, params string[] words)
    {
        using var output = new StringWriter();
        (await TokensCommand.RunAsync(settings, CliAudit.For(settings, redis.Admin), new CommandArgs(["tokens", .. words]).Flag("--json", true), output)).Should().Be(0);
        return output.ToString();
    }

    [Fact]
    public async Task UsersAndTokens_Lifecycle_FileChangedAndEveryChangeAudited()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x");
        var settings = tree.Load();

        await UsersAsync(settings, Password + "\n", ["add", "ann"], "editor");
        await UsersAsync(settings, null, ["role", "ann", "releaser"]);
        var created = JsonDocument.Parse(await TokensAsync(settings, "create", "ann")).RootElement;
        var token = created.GetProperty("token").GetString()!;
        var listed = await TokensAsync(settings, "list");
        await UsersAsync(settings, null, ["disable", "ann"]);
        await TokensAsync(settings, "revoke", created.GetProperty("id").GetString()!);
        await UsersAsync(settings, null, ["remove", "ann"]);

        listed.Should().Contain(created.GetProperty("id").GetString()).And.NotContain(token);
        var file = File.ReadAllText(settings.UsersFile);
        file.Should().NotContain(Password).And.NotContain(token).And.NotContain("ann");
        var actions = (await new AuditStream(redis.Db, settings.Keys).ReadAllAsync()).Select(e => e.Record!).ToArray();
        actions.Select(a => a.Action).Should().Equal("users.add", "users.role", "tokens.create", "users.disable", "tokens.revoke", "users.remove");
        actions.Should().OnlyContain(a => a.Detail!.Contains("ann", StringComparison.Ordinal) && !a.Detail.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsersAdd_PasswordFromStandardInput_VerifiesAndIsHashed()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x");
        var settings = tree.Load();

        await UsersAsync(settings, Password + "\n", ["add", "ann"], "viewer");

        var user = UsersFile.Read(settings.UsersFile).Find("ann")!;
        user.Role.Should().Be("viewer");
        PasswordHash.Verify(Password, user.PasswordHash).Should().BeTrue();
    }

    [Fact]
    public async Task UsersAdd_WeakOrExisting_RefusedWithoutQuotingThePassword()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x");
        var settings = tree.Load();
        await UsersAsync(settings, Password + "\n", ["add", "ann"], "viewer");

        var weak = () => UsersCommand.RunAsync(settings, new NullAuditTrail(), new CommandArgs(["users", "add", "bob"]).With("--role", ["admin"]), TextWriter.Null, new StringReader("short\n"));
        var twice = () => UsersCommand.RunAsync(settings, new NullAuditTrail(), new CommandArgs(["users", "add", "ann"]).With("--role", ["admin"]), TextWriter.Null, new StringReader(Password));

        (await weak.Should().ThrowAsync<UsageException>()).Which.Message.Should().Contain("shorter than 12").And.NotContain("short\n");
        (await twice.Should().ThrowAsync<UsageException>()).Which.Message.Should().Contain("already exists");
    }

    [Theory]
    [InlineData("users", "add", "ann")]
    [InlineData("users", "add", "ann", "--role", "root")]
    [InlineData("users", "passwd", "ann", "the-password-as-an-argument")]
    [InlineData("tokens", "revoke")]
    public async Task CommandLine_Misuse_ExitTwo(params string[] args)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "a.conf", "x");

        var (exit, _, error) = await RunAsync([.. args, "--config", tree.Save()]);

        exit.Should().Be(2, error);
        error.Should().NotContain("the-password-as-an-argument\n");
    }
}
