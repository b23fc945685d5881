using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A hostile or careless template tree (links leaving it, names a follower refuses, stray folders) fails only the
/// role it is in: that role keeps its current version in Redis, the others are stored.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PipelineTemplateTreeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private LeaderTree Tree() => new LeaderTree(redis.Endpoint)
        .Template("singlenode", "mail/conf/mail.conf", "host {{ DOMAIN }}\n")
        .Template("static", "nginx/conf/site.conf", "root /www/{{ DOMAIN }};");

    private static void Link(LeaderTree tree, string role, string path, string target)
    {
        var full = tree.TemplatePath(role, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    [Theory]
    [InlineData("mail/conf/shadow.txt", "/etc/shadow")]
    [InlineData("env.bin", "/proc/self/environ")]
    public async Task Run_LinkLeavingTheTree_RoleKeepsItsCurrentVersionAndOthersAreStored(string path, string target)
    {
        using var tree = Tree();
        var leader = new LeaderHarness(redis, tree);
        await leader.RunAsync();
        tree.Value("DOMAIN", "new.test");
        Link(tree, "singlenode", path, target);

        var reports = await leader.RunAsync("edit");

        var role = reports.Single(r => r.Role == "singlenode");
        role.Failed.Should().BeTrue();
        role.Render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith($"data/singlenode/{path}: ");
        var current = await leader.CurrentAsync("singlenode");
        current!.Serial.Should().Be(1);
        current.Files.Keys.Should().Equal("mail/conf/mail.conf");
        reports.Single(r => r.Role == "static").Store!.Serial.Should().Be(2);
    }

    [Theory]
    [InlineData("mail/conf/a\nb.conf")]
    [InlineData("mail/conf/a\tb.conf")]
    [InlineData("mail/conf/a\\b.conf")]
    [InlineData("mail/.pryvbus/manifest.json")]
    [InlineData("mail/conf/.x.pryvbus-tmp-1")]
    public async Task Run_NameTheFollowerRefuses_RoleNotStoredAndOthersAre(string path)
    {
        using var tree = Tree().Template("singlenode", path, "x\n");
        var leader = new LeaderHarness(redis, tree);

        var reports = await leader.RunAsync();

        reports.Single(r => r.Role == "singlenode").Failed.Should().BeTrue();
        (await leader.CurrentAsync("singlenode")).Should().BeNull();
        reports.Single(r => r.Role == "static").Store!.Serial.Should().Be(1);
    }

    [Theory]
    [InlineData("core.bak")]
    [InlineData("Web Stuff")]
    public async Task Run_StrayFolderUnderData_ReportedNamingItAndValidRolesStored(string folder)
    {
        using var tree = Tree().Template(folder, "nginx/conf/site.conf", "x");
        var leader = new LeaderHarness(redis, tree);

        var reports = await leader.RunAsync();

        var stray = reports.Should().ContainSingle(r => r.Failed).Subject;
        stray.Render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith($"data/{folder}: ").And.Contain("not a role name");
        reports.Where(r => !r.Failed).Select(r => r.Role).Should().BeEquivalentTo("singlenode", "static");
        (await leader.CurrentAsync("static"))!.Serial.Should().Be(1);
    }

    [Fact]
    public async Task RenderCommand_StrayFolders_ExitsOneNamingThemAndRendersTheValidRoles()
    {
        using var tree = Tree().Template("core.bak", "a.conf", "x").Template("Web Stuff", "b.conf", "y");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LeaderCommandLine.RunAsync(["render", "--config", tree.Save()], output, error);

        exit.Should().Be(1);
        output.ToString().Should().Contain("data/core.bak: ").And.Contain("data/Web Stuff: ")
            .And.Contain("singlenode: stored serial 1").And.Contain("static: stored serial 1");
        error.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task RenderDryRun_StrayFolder_NamesItAndShowsTheValidRoles()
    {
        using var tree = Tree().Template("core.bak", "a.conf", "x");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LeaderCommandLine.RunAsync(["render", "--dry-run", "--config", tree.Save()], output, error);

        exit.Should().Be(1);
        output.ToString().Should().Contain("data/core.bak: ").And.Contain("singlenode: serial (none) → new version");
    }
}
