using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Commands;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary><c>secrets set NAME</c>: an existing value (a migrated Pryv key, a third party's key) kept, never printed.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public class SecretsSetTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string OldKey = "pryv-internal-key-0123456789abcdef";

    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("core", "core/conf/core.yml", "admin: {{ secret \"ADMIN\" }}\nsso: {{ secret \"SSO\" }}\n")
        .Template("reg-master", "register/conf/register.yml", "admin: {{ secret \"ADMIN\" }}\nsso: {{ secret \"SSO\" }}\n")
        .Secret("ADMIN", new JsonObject { ["scope"] = "platform" })
        .Secret("SSO", new JsonObject { ["scope"] = "role" });

    private static async Task<(int Exit, string Output, string Error)> CommandLineAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<(int Exit, string Output)> SetAsync(LeaderTree tree, string input, params string[] words)
    {
        using var output = new StringWriter();
        var args = new CommandArgs(["secrets", "set", .. words]);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (words[i].StartsWith("--", StringComparison.Ordinal))
            {
                args.With(words[i], [words[i + 1]]);
            }
        }

        var settings = tree.Load();
        var exit = await SecretsSetCommand.RunAsync(settings, redis.Admin, args, output, new StringReader(input));
        return (exit, output.ToString());
    }

    [Fact]
    public async Task Set_FromStandardInputBetweenTwoPasses_NextPassUsesTheValue()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first start");

        var (exit, output) = await SetAsync(tree, OldKey + "\n", "ADMIN");
        await leader.RunAsync("after set");

        exit.Should().Be(0);
        output.Should().NotContain(OldKey).And.Contain("ADMIN");
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().StartWith($"admin: {OldKey}\n");
        (await leader.FileAsync("reg-master", "register/conf/register.yml")).Should().StartWith($"admin: {OldKey}\n");
        ((string?)await redis.Db.HashGetAsync(leader.Keys.PlatformSecrets, "ADMIN")).Should().Be(OldKey);
        SecretState.Open(tree.Load(), _ => null).Get(SecretScopes.Platform, "ADMIN").Should().Be(OldKey);
    }

    [Fact]
    public async Task Set_BeforeTheFirstRender_IsUsedInsteadOfAGeneratedValue()
    {
        using var tree = Tree();
        await SetAsync(tree, OldKey, "ADMIN");

        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first start");

        (await leader.FileAsync("core", "core/conf/core.yml")).Should().StartWith($"admin: {OldKey}\n");
    }

    [Fact]
    public async Task Set_RoleScopedWithRole_ChangesThatRoleOnly()
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync("first start");
        var register = await leader.FileAsync("reg-master", "register/conf/register.yml");

        var (exit, _) = await SetAsync(tree, OldKey, "SSO", "--role", "core");
        await leader.RunAsync("after set");

        exit.Should().Be(0);
        (await leader.FileAsync("core", "core/conf/core.yml")).Should().EndWith($"sso: {OldKey}\n");
        (await leader.FileAsync("reg-master", "register/conf/register.yml")).Should().Be(register);
    }

    [Fact]
    public async Task Set_FromFileOnTheCommandLine_StoresTheValueWithoutPrintingIt()
    {
        using var tree = Tree();
        using var folder = new TempDirectory();
        var file = folder.Write("admin.key", OldKey + "\r\n");

        var (exit, output, error) = await CommandLineAsync("secrets", "set", "ADMIN", "--from-file", file, "--json", "--config", tree.Save());

        exit.Should().Be(0, error);
        (output + error).Should().NotContain(OldKey);
        JsonDocument.Parse(output).RootElement.GetProperty("setIn")[0].GetString().Should().EndWith("secrets:platform");
        ((string?)await redis.Db.HashGetAsync(new PryvBus.Shared.RedisKeys(tree.Prefix).PlatformSecrets, "ADMIN")).Should().Be(OldKey);
    }

    [Fact]
    public async Task Set_SecretOverriddenByTheEnvironment_ExitsOneAndStoresNothing()
    {
        var name = "SET_" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        using var tree = Tree().Secret(name, new JsonObject { ["scope"] = "platform" });
        Environment.SetEnvironmentVariable("PRYVBUS_SECRET_" + name, "from-the-environment-123");
        try
        {
            var (exit, output) = await SetAsync(tree, OldKey, name);

            exit.Should().Be(1);
            output.Should().Contain($"PRYVBUS_SECRET_{name}").And.NotContain(OldKey);
            (await redis.Db.HashExistsAsync(new PryvBus.Shared.RedisKeys(tree.Prefix).PlatformSecrets, name)).Should().BeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable("PRYVBUS_SECRET_" + name, null);
        }
    }

    [Fact]
    public async Task Set_UndeclaredSecret_ExitsTwoNamingTheDeclaredOnes()
    {
        using var tree = Tree();
        using var folder = new TempDirectory();
        var file = folder.Write("nope.key", OldKey);

        var (exit, output, error) = await CommandLineAsync("secrets", "set", "NOPE", "--from-file", file, "--config", tree.Save());

        exit.Should().Be(2);
        error.Should().Contain("'NOPE' is not a declared secret").And.Contain("ADMIN, SSO");
        (output + error).Should().NotContain(OldKey);
    }

    [Theory]
    [InlineData("", "the value is empty")]
    [InlineData("\n", "the value is empty")]
    public async Task Set_EmptyValue_IsAUsageError(string input, string message)
    {
        using var tree = Tree();

        var act = () => SetAsync(tree, input, "ADMIN");

        (await act.Should().ThrowAsync<UsageException>()).WithMessage(message);
    }

    [Fact]
    public async Task Set_PlatformSecretWithRole_IsAUsageError()
    {
        using var tree = Tree();

        var act = () => SetAsync(tree, OldKey, "ADMIN", "--role", "core");

        (await act.Should().ThrowAsync<UsageException>()).WithMessage("*platform-scoped*");
    }

    [Fact]
    public async Task Read_NoInputAndNoFile_AsksForOneWithoutReadingTheCommandLine()
    {
        var act = () => SecretValueInput.ReadAsync(null, null);

        (await act.Should().ThrowAsync<UsageException>()).WithMessage("*standard input*--from-file*");
    }

    [Fact]
    public async Task Read_FileNotUtf8_IsAUsageErrorThatDoesNotQuoteIt()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("bad.key", string.Empty);
        await File.WriteAllBytesAsync(file, [0x41, 0xff, 0xfe, 0x42]);

        var act = () => SecretValueInput.ReadAsync(null, file);

        (await act.Should().ThrowAsync<UsageException>()).WithMessage("*not UTF-8 text");
    }
}
