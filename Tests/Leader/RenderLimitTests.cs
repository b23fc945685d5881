using System.Text.Json.Nodes;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// One file's render is limited in time and in the bytes it allocates (<c>render</c>): a template past either fails its
/// role with an error naming the file and the limit, and the other roles are rendered and stored.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RenderLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    /// <summary>Keeps twenty strings of 16 MB each: 320 MB, within the loop limit (10,000) and the string limit (8 MiB).</summary>
    private const string Hoarder = "{{ s = \"x\" | string.pad_left 8000000; o = {}; for i in 1..20; o[\"k\" + i] = s + i; end; o | object.size }}";

    /// <summary>Two million function calls: no loop, recursion 21 deep.</summary>
    private const string Spinner = "{{ func f(n); if n > 0; f(n - 1); f(n - 1); end; end; f 21 }}done";

    private static LeaderTree Limited(LeaderTree tree, int timeoutSeconds, int allocationMiB)
    {
        tree.Config["render"] = new JsonObject { ["timeoutSeconds"] = timeoutSeconds, ["allocationMiB"] = allocationMiB };
        return tree;
    }

    private static RoleRender Render(LeaderTree tree, CancellationToken ct = default)
    {
        var settings = tree.Load();
        return new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings), ct: ct);
    }

    [Fact]
    public void Render_AllocatingPastTheLimit_EndsWithAnErrorNamingTheFileAndTheLimit()
    {
        using var tree = Limited(new LeaderTree().Template("core", "a.conf", Hoarder).Template("core", "b.conf", "{{ DOMAIN }}"), 600, 64);

        var render = Render(tree);

        var error = render.Errors.Should().ContainSingle().Which;
        error.File.Should().Be("data/core/a.conf");
        error.Line.Should().Be(1);
        error.Message.Should().Contain("64 MiB").And.Contain("render.allocationMiB");
    }

    [Fact]
    public void Render_RunningPastTheDeadline_EndsWithAnErrorNamingTheFileAndTheLimit()
    {
        using var tree = Limited(new LeaderTree().Template("core", "a.conf", Spinner), 1, 65_536);

        var render = Render(tree);

        var error = render.Errors.Should().ContainSingle().Which;
        error.File.Should().Be("data/core/a.conf");
        error.Message.Should().Contain("1 s").And.Contain("render.timeoutSeconds");
    }

    [Fact]
    public void Render_CancelledByItsCaller_ThrowsInsteadOfReportingTheFile()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", Spinner);

        var act = () => Render(tree, new CancellationToken(canceled: true));

        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public async Task Run_OneRolePastTheLimit_ThatRoleFailsAndTheOtherIsStored()
    {
        using var tree = Limited(new LeaderTree(redis.Endpoint).Template("a", "a.conf", Hoarder).Template("b", "b.conf", "root {{ DOMAIN }}"), 600, 64);
        var leader = new LeaderHarness(redis, tree);

        var reports = await leader.RunAsync();

        var a = reports.Single(r => r.Role == "a");
        a.Failed.Should().BeTrue();
        a.Render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/a/a.conf:1:").And.Contain("render.allocationMiB");
        reports.Single(r => r.Role == "b").Store!.Serial.Should().Be(1);
        (await leader.FileAsync("b", "b.conf")).Should().Be("root pryv.test");
    }

    [Theory]
    [InlineData("timeoutSeconds", 0)]
    [InlineData("allocationMiB", 8)]
    public void Load_RenderLimitOutOfRange_IsReported(string key, int value)
    {
        using var tree = new LeaderTree();
        tree.Config["render"] = new JsonObject { [key] = value };

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().WithMessage($"*render.{key}: must be between*");
    }
}
