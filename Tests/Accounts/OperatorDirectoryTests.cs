using PryvBus.Leader.Accounts;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Accounts;

/// <summary>The users file as the running leader reads it: tokens checked by digest, changes applied at once, invalid files fail closed.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class OperatorDirectoryTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string UsersPath => _folder.Combine("state", "users.json");

    private async Task<string> AddAsync(string name, string role)
    {
        var (token, record) = ApiToken.Create("test", DateTimeOffset.UtcNow);
        await UsersFile.ChangeAsync(UsersPath, users =>
        {
            if (users.Find(name) is not { } user)
            {
                users.Users.Add(user = new OperatorAccount { Name = name, Role = role });
            }

            user.Tokens.Add(record);
            return true;
        });
        return token;
    }

    [Fact]
    public async Task CheckToken_ValidToken_ActorWithItsRole()
    {
        var token = await AddAsync("carol", "editor");

        new OperatorDirectory(() => UsersPath).CheckToken(token).Actor.Should().Be(new Actor("carol", OperatorRole.Editor, "api"));
    }

    [Fact]
    public async Task ChangeAsync_WritesMode0600()
    {
        await AddAsync("carol", "editor");

        File.GetUnixFileMode(UsersPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(UsersPath).Should().Contain("\"sha256\"");
    }

    [Fact]
    public async Task CheckToken_RevokedOrDisabled_RefusedAtOnce()
    {
        var token = await AddAsync("carol", "admin");
        var second = await AddAsync("dave", "viewer");
        var directory = new OperatorDirectory(() => UsersPath);
        directory.CheckToken(token).Actor.Should().NotBeNull();

        await UsersFile.ChangeAsync(UsersPath, users => users.Find("carol")!.Tokens.RemoveAll(_ => true));
        await UsersFile.ChangeAsync(UsersPath, users => users.Find("dave")!.Disabled = true);

        directory.CheckToken(token).Refusal.Should().Be("unknown or revoked token");
        directory.CheckToken(second).Refusal.Should().Be("operator dave is disabled");
    }

    [Theory]
    [InlineData("")]
    [InlineData("pbt_")]
    [InlineData("pbt_0123456789abcdef_")]
    [InlineData("not-a-token-at-all-0123456789")]
    public async Task CheckToken_Malformed_RefusedWithoutThrowing(string presented)
    {
        await AddAsync("carol", "admin");

        new OperatorDirectory(() => UsersPath).CheckToken(presented).Actor.Should().BeNull();
    }

    [Fact]
    public async Task CheckToken_RightIdWrongSecret_Refused()
    {
        var token = await AddAsync("carol", "admin");
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        new OperatorDirectory(() => UsersPath).CheckToken(forged).Actor.Should().BeNull();
    }

    [Fact]
    public async Task Current_InvalidFile_EveryTokenRefused()
    {
        var token = await AddAsync("carol", "admin");
        var directory = new OperatorDirectory(() => UsersPath);
        File.WriteAllText(UsersPath, "{ \"format\": 1, \"users\": [ { \"name\": \"carol\", \"role\": \"god\" } ] }");

        directory.CheckToken(token).Actor.Should().BeNull();
        directory.HasOperators.Should().BeFalse();
    }

    [Theory]
    [InlineData("{ \"format\": 2, \"users\": [] }", "unknown users file format 2")]
    [InlineData("{ \"format\": 1, \"users\": [ { \"name\": \"a b\", \"role\": \"admin\" } ] }", "users[0]: the name is not valid")]
    [InlineData("{ \"format\": 1, \"users\": [ { \"name\": \"a\", \"role\": \"root\" } ] }", "users[0] (a): role must be one of")]
    [InlineData("{ \"format\": 1, \"users\": [ { \"name\": \"a\", \"role\": \"admin\", \"passwordHash\": \"secret\" } ] }", "passwordHash is not a pbkdf2-sha256 hash")]
    [InlineData("{ \"format\": 1, \"users\": [ { \"name\": \"a\" }, { \"name\": \"a\" } ] }", "appears twice")]
    [InlineData("[1, 2]", "not a users file")]
    public void Read_Invalid_OneErrorNamingTheFileAndEntry(string content, string expected)
    {
        var path = _folder.Write("users.json", content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var read = () => UsersFile.Read(path);

        read.Should().Throw<StateException>().Which.Message.Should().StartWith(path).And.Contain(expected);
    }

    [Fact]
    public void Read_OpenToOthers_Refused()
    {
        var path = _folder.Write("users.json", "{ \"format\": 1, \"users\": [] }");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var read = () => UsersFile.Read(path);

        read.Should().Throw<StateException>().WithMessage("*chmod 600*");
    }

    public void Dispose() => _folder.Dispose();
}
