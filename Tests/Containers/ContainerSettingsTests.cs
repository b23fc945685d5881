using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ContainerSettingsTests
{
    [Fact]
    public void Validate_Defaults_ReportsNothing()
    {
        new ContainerSettings().Validate().Should().BeEmpty();
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEveryOne()
    {
        var settings = new ContainerSettings
        {
            ComposeProject = " ",
            Parallelism = 0,
            MaxAttempts = 0,
            WaitTimeout = TimeSpan.Zero,
            Endpoint = "ssh://host",
        };

        var errors = settings.Validate();

        errors.Should().HaveCount(5);
        errors.Should().Contain(e => e.StartsWith("Endpoint:", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidSettings_ThrowsWithEveryError()
    {
        var act = () => TestRestarter.Create(new ContainerSettings { Parallelism = 0, MaxAttempts = 0 });

        act.Should().Throw<ArgumentException>().WithMessage("*Parallelism*MaxAttempts*");
    }
}
