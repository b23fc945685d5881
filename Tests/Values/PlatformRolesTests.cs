using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Extensions;
using PryvBus.Tests.Fixtures;
using static PryvBus.Tests.Values.PlatformApi;

namespace PryvBus.Tests.Values;

/// <summary>
/// The values routes check the role of the actor the admin filter authenticated. Until named operators exist, a test-only
/// filter (here, not in the leader) stands in for it and authenticates everyone as a viewer.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PlatformRolesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task PutPlatform_Viewer_RefusedNamingTheEditorRoleGetAllowed()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        await using var app = await StartAsViewerAsync(tree.ConfigPath);
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        var get = await SendAsync(client, HttpMethod.Get, "/admin/platform");
        var put = await SendAsync(client, HttpMethod.Put, "/admin/platform/PORT", new { value = 1, reason = "r" }, ETag(get.Response));

        get.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        get.Text.Should().NotContain(Password);
        put.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        put.Text.Should().Contain("editor role");
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
    }

    private static async Task<WebApplication> StartAsViewerAsync(string configPath)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting();
        builder.Services.AddPryvBusLeader(configPath);
        var app = builder.Build();
        app.MapGroup("/admin").AddEndpointFilter((context, next) =>
        {
            HttpActor.Set(context.HttpContext, new Actor("viewer-1", OperatorRole.Viewer, "api"));
            return next(context);
        }).MapPlatform();
        await app.StartAsync();
        return app;
    }
}
