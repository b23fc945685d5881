using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Templates;

/// <summary>The sample platforms shipped under <c>compose/</c>, found from the test output folder and rendered offline (no Redis).</summary>
public static class SamplePlatforms
{
    public static readonly string[] Names = ["singlenode", "cluster"];

    /// <summary>Every (platform, role) pair, for theories.</summary>
    public static TheoryData<string, string> Roles()
    {
        var data = new TheoryData<string, string>();
        foreach (var platform in Names)
        {
            foreach (var role in Load(platform).Roles())
            {
                data.Add(platform, role);
            }
        }

        return data;
    }

    public static TheoryData<string> Platforms() => [.. Names];

    public static string Folder(string platform) => RepositoryRoot.Combine("compose", platform);

    /// <summary>The shipped samples hold sample credentials (<c>change-me-…</c>): they load as a declared demo only.</summary>
    public static SettingsEnvironment Demo { get; } = SettingsEnvironment.From(new Dictionary<string, string> { ["PRYVBUS_DEMO"] = "1" });

    public static LeaderSettings Load(string platform) =>
        SettingsLoader.Load(Path.Combine(Folder(platform), "config-leader", "conf", "config-leader.json"), Demo);

    public static RoleRender Render(string platform, string role)
    {
        var settings = Load(platform);
        return new TemplateRenderer().Render(settings, role, SecretResolver.Offline(settings));
    }

    /// <summary>The rendered text files of a role (path → text); binary files are left out.</summary>
    public static IReadOnlyDictionary<string, string> TextFiles(RoleRender render)
    {
        ArgumentNullException.ThrowIfNull(render);
        render.Errors.Should().BeEmpty();
        return render.Version!.Files
            .Where(f => !TemplateFiles.IsBinary(f.Value))
            .ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value), StringComparer.Ordinal);
    }
}
