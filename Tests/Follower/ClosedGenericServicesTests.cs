using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Extensions;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The closed registrations the executable adds (<see cref="ClosedGenericServices"/>) build what the open ones build:
/// the options still go through every configuration registered (the level filters), the one logger provider is the one-line one, and a
/// logger is the framework's.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ClosedGenericServicesTests
{
    private static IHost Build(bool closed)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.AddPryvBusConsole();
        builder.Services.AddPryvBusFollower(ApplySettings.For("/nonexistent/pryv"));
        if (closed)
        {
            builder.Services.AddClosedGenericServices();
        }

        return builder.Build();
    }

    [Fact]
    public void AddClosedGenericServices_HostBuilt_OptionsAndLoggersAsTheOpenRegistrationsBuildThem()
    {
        using var open = Build(closed: false);
        using var closed = Build(closed: true);

        closed.Services.GetServices<ILoggerProvider>().Should().ContainSingle().Which.Should().BeOfType<OneLineLoggerProvider>();
        closed.Services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>().CurrentValue.Rules.Select(r => (r.CategoryName, r.LogLevel))
            .Should().Equal(open.Services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>().CurrentValue.Rules.Select(r => (r.CategoryName, r.LogLevel)));
        closed.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout
            .Should().Be(open.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        closed.Services.GetRequiredService<ILogger<SyncLoop>>().Should().BeOfType<Logger<SyncLoop>>();
        closed.Services.GetRequiredService<ILogger<SyncLoop>>().Should().BeSameAs(closed.Services.GetRequiredService<ILogger<SyncLoop>>(), "a singleton, as the open registration");
    }

    [Fact]
    public void AddClosedGenericServices_EveryFollowerTypesLogger_RegisteredClosed()
    {
        // A logger the list misses still resolves, through the open registration and the AOT type loader: a start slower
        // by that, and nothing fails. So the list is checked against the constructors of the follower's types.
        var closed = new ServiceCollection().AddClosedGenericServices().Select(d => d.ServiceType).ToHashSet();
        var loggers = typeof(SyncLoop).Assembly.GetTypes()
            .SelectMany(t => t.GetConstructors())
            .SelectMany(c => c.GetParameters())
            .Select(p => p.ParameterType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ILogger<>) && !t.ContainsGenericParameters)
            .Distinct();

        loggers.Where(l => !closed.Contains(l)).Select(l => l.GenericTypeArguments[0].Name).Should().BeEmpty();
    }
}
