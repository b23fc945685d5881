using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Extensions;
using PryvBus.Leader.Settings;

namespace PryvBus.Tests.Leader;

/// <summary>The real leader (service loop and HTTP API) on a free loopback port, for one test.</summary>
internal sealed class LeaderApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LeaderApiHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <param name="configPath">config-leader.json.</param>
    /// <param name="logs">Receives the logs the leader writes from debug up, with the leader's filters for the framework; none when null.</param>
    /// <param name="services">Registrations after the leader's own (a test's accounts).</param>
    public static async Task<LeaderApiHost> StartAsync(string configPath, ILoggerProvider? logs = null, Action<IServiceCollection>? services = null)
    {
        var http = SettingsLoader.Load(configPath).Http with { Enabled = true, Urls = ["http://127.0.0.1:0"] };
        var app = LeaderHost.Build(configPath, http, logging =>
        {
            logging.ClearProviders();
            if (logs is not null)
            {
                // PryvBus's own debug lines too (retries); the framework's categories keep the leader's filters.
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddProvider(logs);
            }
        }, services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LeaderApiHost(app, new Uri(address));
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
