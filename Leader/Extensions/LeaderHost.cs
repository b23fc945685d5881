using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Api;
using PryvBus.Leader.Settings;
using PryvBus.Leader.WebConsole;
using PryvBus.Shared.Logging;

namespace PryvBus.Leader.Extensions;

/// <summary>
/// The leader's one host, for the <c>service</c> verb and the tests alike: the service loop and its registrations
/// (<see cref="LeaderServiceCollectionExtensions.AddPryvBusLeader"/>), and the HTTP API on <c>http.urls</c> when
/// <c>http.enabled</c> (else nothing listens). Nothing outside PryvBus's settings shapes it: no <c>appsettings.json</c>,
/// no <c>ASPNETCORE_*</c>/<c>DOTNET_*</c> variables, no <c>Kestrel</c> section (the host starts empty), so the API
/// listens exactly on <c>http.urls</c>, and the logs are PryvBus's one-line UTC format.
/// </summary>
public static class LeaderHost
{
    /// <param name="configPath">config-leader.json.</param>
    /// <param name="http">The file's <c>http</c> settings (tests turn the API off or listen on a free port).</param>
    /// <param name="logging">Changes to the logging, after PryvBus's own (tests collect the logs).</param>
    /// <param name="services">Registrations after PryvBus's own (tests replace one service).</param>
    public static WebApplication Build(string configPath, HttpSettings http, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddPryvBusConsole();
        logging?.Invoke(builder.Logging);
        if (http.Enabled)
        {
            builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().UseUrls([.. http.Urls]);
        }
        else
        {
            builder.Services.AddSingleton<IServer, NoListener>();
        }

        builder.Services.AddRouting();

        // Request and answer bodies from source-generated metadata (trimming- and Native AOT-safe), before reflection.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Api.ApiJsonContext.Default));
        builder.Services.AddPryvBusLeader(configPath);
        builder.Services.AddPryvBusConsole();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapPryvBusApi();
        app.MapConsole();
        return app;
    }
}
