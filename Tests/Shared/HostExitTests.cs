using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>
/// Both programs run their host through <see cref="HostExit"/>: a background loop that faults stops the program with
/// one line on stderr and exit code 5, never exit 0 with nothing said.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class HostExitTests
{
    [Fact]
    public async Task RunAsync_BackgroundLoopFaults_OneLineAndCode5()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Services.AddHostedService<FaultingLoop>();
        using var error = new StringWriter();

        var code = await HostExit.RunAsync(builder.Build(), error, "pryvbus-leader", "http://127.0.0.1:1");

        code.Should().Be(StartupFailure.Other);
        error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().Be("pryvbus-leader: stopped: the loop broke");
    }

    [Fact]
    public async Task RunAsync_StoppedAsked_Code0AndNothingSaid()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Services.AddHostedService<StoppingLoop>();
        using var error = new StringWriter();

        var code = await HostExit.RunAsync(builder.Build(), error, "pryvbus-leader", "http://127.0.0.1:1");

        code.Should().Be(0);
        error.ToString().Should().BeEmpty();
    }

    private sealed class FaultingLoop : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the loop broke");
        }
    }

    private sealed class StoppingLoop(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            lifetime.StopApplication();
        }
    }
}
