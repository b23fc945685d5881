using Microsoft.Extensions.Logging;
using PryvBus.Follower.Applying;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// Where <c>/proc/self/fd</c> is not there (a container without <c>/proc</c>), the apply names folders by their path, as
/// before pinned folders: it still applies, and says once, as a warning, what it no longer guards against.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyWithoutProcTests : IDisposable
{
    private const int NoPinnedNames = 403;

    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        PinnedFolders.ForceNoProc = false;
        _temp.Dispose();
    }

    private string Root => _temp.Combine("pryv");

    [Fact]
    public void Apply_WithoutProc_AppliesAndWarnsOnceNamingWhatIsNotGuarded()
    {
        PinnedFolders.ForceNoProc = true;
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var applier = new ConfigApplier(ApplySettings.For(Root), factory.CreateLogger<ConfigApplier>());

        applier.Apply(TestVersion.Of(1, ("core/a.conf", "a1\n")));
        applier.Apply(TestVersion.Of(2, ("core/a.conf", "a2\n")));

        File.ReadAllText(Path.Combine(Root, "core/a.conf")).Should().Be("a2\n");
        var warnings = logs.Ours.Where(e => e.EventId == NoPinnedNames).ToList();
        warnings.Should().ContainSingle().Which.Level.Should().Be(LogLevel.Warning);
        warnings[0].Message.Should().Contain("/proc/self/fd").And.Contain("link");
    }

    [Fact]
    public void Apply_WithProc_DoesNotWarn()
    {
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var applier = new ConfigApplier(ApplySettings.For(Root), factory.CreateLogger<ConfigApplier>());

        applier.Apply(TestVersion.Of(1, ("core/a.conf", "a1\n")));

        File.ReadAllText(Path.Combine(Root, "core/a.conf")).Should().Be("a1\n");
        logs.Has(NoPinnedNames).Should().BeFalse();
    }
}
