using Microsoft.Extensions.Configuration;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;

namespace PryvBus.Tests.Containers;

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

    [Fact]
    public void Bind_Configuration_FillsEverySetting()
    {
        // The follower binds these from its configuration: init-only and read-only collections must bind.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ComposeProject"] = "edge",
            ["ContainerNames:legacy:0"] = "old-nginx",
            ["ContainerNames:legacy:1"] = "old-php",
            ["StopTimeout"] = "00:00:05",
            ["Parallelism"] = "2",
            ["Endpoint"] = "unix:///run/docker.sock",
        }).Build();

        var settings = configuration.Get<ContainerSettings>()!;

        settings.ComposeProject.Should().Be("edge");
        settings.ContainerNames["legacy"].Should().Equal("old-nginx", "old-php");
        settings.StopTimeout.Should().Be(TimeSpan.FromSeconds(5));
        settings.Parallelism.Should().Be(2);
        settings.MaxAttempts.Should().Be(3);
        settings.Endpoint.Should().Be("unix:///run/docker.sock");
    }
}
