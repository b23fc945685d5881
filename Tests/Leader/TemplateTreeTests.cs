using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// What the template tree may hold: regular files whose real path stays inside the role's folder, named by the shared
/// path rule. Anything else is an error naming the file, and the role produces no version.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TemplateTreeTests
{
    private static RoleRender Render(LeaderTree tree, string role = "core")
    {
        var settings = tree.Load();
        return new TemplateRenderer().Render(settings, role, SecretResolver.Offline(settings));
    }

    private static string Link(LeaderTree tree, string role, string path, string target)
    {
        var full = tree.TemplatePath(role, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return full;
    }

    private static LeaderTree Tree() => new LeaderTree().Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n");

    [Theory]
    [InlineData("mail/conf/shadow.txt", "/etc/shadow")]
    [InlineData("env.bin", "/proc/self/environ")]
    [InlineData("hosts", "../../../../../../../../../etc/hosts")]
    public void Render_LinkLeavingTheRoleFolder_IsAnErrorNamingTheFile(string path, string target)
    {
        using var tree = Tree();
        Link(tree, "core", path, target);

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString()
            .Should().StartWith($"data/core/{path}: ").And.Contain("outside the role's folder");
    }

    [Fact]
    public void Render_LinkToAFolderOutside_IsAnErrorNamingTheLink()
    {
        using var tree = Tree();
        Link(tree, "core", "etc", "/etc");

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/etc: ");
    }

    [Fact]
    public void Render_RoleFolderLinkLeavingTheTemplateFolder_IsAnErrorNamingTheFolder()
    {
        using var tree = new LeaderTree().Template("static", "a.conf", "x");
        File.CreateSymbolicLink(Path.Combine(tree.DataPath, "core"), "/etc");

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString().Should().Be("data/core: the role's folder is a link leading out of the template folder");
    }

    [Fact]
    public void Render_LinkIntoAnotherRole_IsAnError()
    {
        using var tree = Tree().Template("other", "secret/key.pem", "KEY");
        Link(tree, "core", "key.pem", "../other/secret/key.pem");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/key.pem: ");
    }

    [Fact]
    public async Task Render_Fifo_IsAnErrorAndDoesNotBlock()
    {
        using var tree = Tree();
        var fifo = tree.TemplatePath("core", "pipe.conf");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.Should().Be(0);
        }

        // Opening a fifo that has no writer blocks: the deadline turns a hang into a failure.
        var render = await Task.Run(() => Render(tree)).WaitAsync(TimeSpan.FromSeconds(30));

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/pipe.conf: ").And.Contain("not a regular file");
    }

    [Fact]
    public void Render_Socket_IsAnError()
    {
        using var tree = Tree();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(tree.TemplatePath("core", "control.sock")));

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/control.sock: ").And.Contain("not a regular file");
    }

    [Fact]
    public void Render_LinkToADevice_IsAnError()
    {
        using var tree = Tree();
        Link(tree, "core", "zero.bin", "/dev/zero");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/zero.bin: ");
    }

    [Fact]
    public void Render_RelativeLinkInsideTheRoleFolder_IsRenderedUnderTheLinksName()
    {
        using var tree = Tree().Template("core", "nginx/conf/shared.conf", "server_name {{ DOMAIN }};");
        Link(tree, "core", "nginx/conf/site.conf", "shared.conf");
        Link(tree, "core", "mail/site.conf", "../nginx/conf/shared.conf");

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        Encoding.UTF8.GetString(render.Version!.Files["nginx/conf/site.conf"]).Should().Be("server_name pryv.test;");
        Encoding.UTF8.GetString(render.Version.Files["mail/site.conf"]).Should().Be("server_name pryv.test;");
    }

    [Fact]
    public void Render_LinkToASecretFile_IsProtectedLikeTheSecretFile()
    {
        // The key must not reach followers with the mode of an ordinary file because a link gave it another name.
        using var tree = Tree().Template("core", "nginx/conf/secret/site-key.pem", "KEY");
        Link(tree, "core", "nginx/conf/site-key.pem", "secret/site-key.pem");

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        render.Version!.SecretFiles.Should().BeEquivalentTo("nginx/conf/secret/site-key.pem", "nginx/conf/site-key.pem");
    }

    [Fact]
    public void Render_DanglingLink_IsAnErrorNamingTheFile()
    {
        using var tree = Tree();
        Link(tree, "core", "gone.conf", "nowhere.conf");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/gone.conf: ");
    }

    [Fact]
    public void Render_EditorLockLink_IsIgnored()
    {
        // Emacs marks a file being edited with a dangling link named .#file: it is not an input.
        using var tree = Tree();
        Link(tree, "core", "core/conf/.#core.yml", "user@host.1234:1700000000");

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        render.Version!.Files.Keys.Should().Equal("core/conf/core.yml");
    }

    [Fact]
    public void Render_LinkLoop_IsAnErrorNamingTheFile()
    {
        using var tree = Tree();
        Link(tree, "core", "a.conf", "b.conf");
        Link(tree, "core", "b.conf", "a.conf");

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Select(e => e.File).Should().Equal("data/core/a.conf", "data/core/b.conf");
    }

    [Theory]
    [InlineData("core/conf/a\nb.yml", "data/core/core/conf/a\\nb.yml")]
    [InlineData("core/conf/a\tb.yml", "data/core/core/conf/a\\tb.yml")]
    [InlineData("core/conf/a\\b.yml", "data/core/core/conf/a\\b.yml")]
    [InlineData("core/.pryvbus/manifest.json", "data/core/core/.pryvbus/manifest.json")]
    [InlineData(".pryvbus/manifest.json", "data/core/.pryvbus/manifest.json")]
    [InlineData("core/conf/.core.yml.pryvbus-tmp-0123", "data/core/core/conf/.core.yml.pryvbus-tmp-0123")]
    [InlineData("core/conf/a\u202Eb.yml", "data/core/core/conf/a\\u202Eb.yml")]
    public void Render_NameTheFollowerRefuses_IsAnErrorNamingTheFile(string path, string shown)
    {
        using var tree = Tree().Template("core", path, "x: 1\n");

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith(shown + ": ").And.Contain("name not allowed");
    }
}
