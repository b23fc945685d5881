using System.Text;
using System.Text.Json.Nodes;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class TemplateRendererTests
{
    private static RoleRender Render(LeaderTree tree, string role = "core")
    {
        var settings = tree.Load();
        return new TemplateRenderer().Render(settings, role, SecretResolver.Offline(settings));
    }

    private static string Text(RoleRender render, string path) => Encoding.UTF8.GetString(render.Version!.Files[path]);

    [Fact]
    public void Render_PlatformValues_AreSubstituted()
    {
        using var tree = new LeaderTree()
            .Value("TRUSTED", new JsonArray("a", "b"))
            .Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\nport: {{ PORT + 1 }}\napps: {{ TRUSTED | array.join \",\" }}\n");

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        Text(render, "core/conf/core.yml").Should().Be("domain: pryv.test\nport: 3001\napps: a,b\n");
        render.ValuesUsed["DOMAIN"].Should().Equal("data/core/core/conf/core.yml");
    }

    [Fact]
    public void Render_UnknownVariable_IsAnErrorWithFileLineAndColumn()
    {
        using var tree = new LeaderTree()
            .Template("core", "core/conf/core.yml", "a: 1\nb: 2\nhost: api.{{ DOMIAN }}\n");

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString()
            .Should().StartWith("data/core/core/conf/core.yml:3:14: ").And.Contain("DOMIAN");
    }

    [Fact]
    public void Render_UnknownMember_IsAnError()
    {
        using var tree = new LeaderTree()
            .Value("DB", new JsonObject { ["value"] = new JsonObject { ["host"] = "mongo" } })
            .Template("core", "db.conf", "{{ DB.hots }}");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/db.conf:1:").And.Contain("hots");
    }

    [Fact]
    public void Render_SyntaxError_IsReportedWithLocation()
    {
        using var tree = new LeaderTree().Template("core", "nginx/conf/site.conf", "server {\n  listen {{ PORT \n}\n");

        var render = Render(tree);

        render.Errors.Should().NotBeEmpty();
        render.Errors.Should().OnlyContain(e => e.File == "data/core/nginx/conf/site.conf" && e.Line >= 2);
    }

    [Fact]
    public void Render_SeveralBrokenFiles_ReportsAllOfThem()
    {
        using var tree = new LeaderTree()
            .Template("core", "a.conf", "{{ NOPE1 }}")
            .Template("core", "b.conf", "ok {{ DOMAIN }}")
            .Template("core", "c.conf", "{{ NOPE2 }}");

        var render = Render(tree);

        render.Errors.Select(e => e.File).Should().Equal("data/core/a.conf", "data/core/c.conf");
        render.Version.Should().BeNull();
    }

    [Fact]
    public void Render_BinaryFile_IsCopiedByteForByte()
    {
        byte[] image = [0x89, 0x50, 0x4E, 0x47, 0x00, 0x7B, 0x7B, 0xFF, 0xFE];
        using var tree = new LeaderTree().Binary("core", "nginx/html/logo.png", image).Template("core", "x.conf", "{{ DOMAIN }}");

        var render = Render(tree);

        render.Version!.Files["nginx/html/logo.png"].Should().Equal(image);
    }

    [Fact]
    public void Render_InfiniteLoop_HitsTheLoopLimit()
    {
        using var tree = new LeaderTree().Template("core", "loop.conf", "{{ while true }}x{{ end }}");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/loop.conf:1:");
    }

    [Fact]
    public void Render_NoTemplateLoader_IncludeIsAnError()
    {
        // Templates may not read arbitrary files of the leader's machine.
        using var tree = new LeaderTree().Template("core", "x.conf", "{{ include '/etc/passwd' }}");

        Render(tree).Errors.Should().ContainSingle().Which.File.Should().Be("data/core/x.conf");
    }

    [Fact]
    public void Render_Secret_MarksTheFileAndRecordsTheName()
    {
        using var tree = new LeaderTree()
            .Template("core", "core/conf/core.yml", "key: {{ secret \"ADMIN_KEY\" }}")
            .Template("core", "nginx/conf/secret/site.key", "-----BEGIN KEY-----")
            .Template("core", "nginx/conf/site.conf", "server {}");

        var render = Render(tree);

        render.Version!.SecretFiles.Should().BeEquivalentTo("core/conf/core.yml", "nginx/conf/secret/site.key");
        render.Version.SecretsUsed.Should().BeEquivalentTo("ADMIN_KEY");
        Text(render, "core/conf/core.yml").Should().MatchRegex("^key: [A-Za-z0-9]{32}$");
    }

    [Fact]
    public void Render_InvalidSecretName_IsAnErrorWithLocation()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "\n  {{ secret \"no way\" }}");

        Render(tree).Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/a.conf:2:").And.Contain("not a secret name");
    }

    [Fact]
    public void Render_EditorTempFiles_AreIgnored()
    {
        using var tree = new LeaderTree()
            .Template("core", "a.conf", "{{ DOMAIN }}")
            .Template("core", ".a.conf.swp", "{{ broken")
            .Template("core", "a.conf~", "{{ broken")
            .Template("core", "#a.conf#", "{{ broken");

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        render.Version!.Files.Keys.Should().Equal("a.conf");
    }

    [Fact]
    public void Render_EmptyRole_IsAnError()
    {
        using var tree = new LeaderTree();
        Directory.CreateDirectory(Path.Combine(tree.DataPath, "core"));

        Render(tree).Errors.Should().ContainSingle().Which.Message.Should().Be("role has no files");
    }

    [Fact]
    public void Render_FailedTemplateAfterASettingsChange_FailsAgain()
    {
        // A template that fails (an unknown name) with the settings reloaded but the template unchanged: the same
        // renderer must fail it again, never reuse what the failed render left.
        using var tree = new LeaderTree().Template("core", "a.conf", "{{ DOMAIN }}");
        var renderer = new TemplateRenderer();
        var settings = tree.Load();
        renderer.Render(settings, "core", SecretResolver.Offline(settings)).Errors.Should().BeEmpty();
        tree.Template("core", "a.conf", "{{ DOMAIN }} {{ TYPO }}");
        settings = tree.Load();
        renderer.Render(settings, "core", SecretResolver.Offline(settings)).Errors.Should().ContainSingle();

        tree.Value("OTHER", "x");
        settings = tree.Load();
        var again = renderer.Render(settings, "core", SecretResolver.Offline(settings));

        again.Errors.Should().ContainSingle("the template still names TYPO");
        again.Version.Should().BeNull();
    }
}
