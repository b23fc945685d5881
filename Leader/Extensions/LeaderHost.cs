using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Api;
using PryvBus.Shared.Logging;

namespace PryvBus.Leader.Extensions;

/// <summary>
/// Builds the leader's host. Nothing outside PryvBus's settings shapes it: no <c>appsettings.json</c>, no
/// <c>ASPNETCORE_*</c>/<c>DOTNET_*</c> variables, no <c>Kestrel</c> section (the hosts start empty), so the API listens
/// exactly on <c>http.urls</c>, and the logs are PryvBus's one-line UTC format.
/// </summary>
public static class LeaderHost
{
    /// <param name="configPath">config-leader.json.</param>
    /// <param name="urls">Where to listen: <c>http.urls</c> (tests pass a free port).</param>
    /// <param name="logging">Changes to the logging, after PryvBus's own (tests collect the logs).</param>
    public static WebApplication BuildWeb(string configPath, IReadOnlyList<string> urls, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddPryvBusConsole();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().UseUrls([.. urls]);
        builder.Services.AddRouting();
        builder.Services.AddPryvBusLeader(configPath);
        var app = builder.Build();
        app.MapPryvBusApi();
        return app;
    }

    /// <summary>The leader without its HTTP API (<c>http.enabled</c> false).</summary>
    public static IHost BuildWorker(string configPath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.AddPryvBusConsole();
        builder.Services.AddPryvBusLeader(configPath);
        return builder.Build();
    }
}
