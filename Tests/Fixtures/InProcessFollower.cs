using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PryvBus.Follower.Extensions;
using PryvBus.Follower.Settings;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// One follower run in-process, composed exactly as the executable composes it (<c>AddPryvBusFollower</c>); a test
/// replaces a registration in <c>configure</c> (its own multiplexer, a recording container step). No log output.
/// </summary>
internal sealed class InProcessFollower : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessFollower(IHost host, Task running)
    {
        _host = host;
        Running = running;
    }

    /// <summary>Completes when the follower stops: when told to, or when a loop stopped it (what production must never do).</summary>
    public Task Running { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<InProcessFollower> StartAsync(FollowerSettings settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Services.AddPryvBusFollower(settings);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.StartAsync();
        return new InProcessFollower(host, stopping.Task);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
