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
using PryvBus.Leader.Audit;
using PryvBus.Leader.Extensions;
using PryvBus.Tests.Fixtures;
using static PryvBus.Tests.Values.PlatformApi;

namespace PryvBus.Tests.Values;

/// <summary>
/// The values routes check the role of the actor the admin filter authenticated. Until named operators exist, a test-only
/// filter (here, not in the leader) stands in for it and authenticates everyone as one actor.
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
        using var client = Client(app);

        var get = await SendAsync(client, HttpMethod.Get, "/admin/platform");
        var put = await SendAsync(client, HttpMethod.Put, "/admin/platform/PORT", new { value = 1, reason = "r" }, ETag(get.Response));

        get.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        get.Text.Should().NotContain(Password);
        put.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        put.Text.Should().Contain("editor role");
        File.ReadAllText(tree.ConfigPath).Should().Be(before);
    }

    [Fact]
    public async Task PutPlatform_Editor_ChangeRecordedInTheAuditTrailMasked()
    {
        using var tree = Tree(redis.Endpoint);
        var before = SaveWithComments(tree);
        var audit = new RecordingAudit();
        await using var app = await StartAsAsync(tree.ConfigPath, new Actor("editor-1", OperatorRole.Editor, "api"), audit);
        using var client = Client(app);

        var put = await SendAsync(client, HttpMethod.Put, "/admin/platform/DB_PASSWORD", new { value = "Pw9-a-new-sensitive-one", reason = "rotate it" },
            PryvBus.Leader.Values.SettingsFile.ETagOf(System.Text.Encoding.UTF8.GetBytes(before)));

        put.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var entry = audit.Entries.Should().ContainSingle().Subject;
        (entry.Action, entry.Actor.Name, entry.Reason).Should().Be(("value.set", "editor-1", "rotate it"));
        entry.Detail.Should().Be("DB_PASSWORD: (sensitive: not shown) changed");
    }

    private static HttpClient Client(WebApplication app) =>
        new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

    private static Task<WebApplication> StartAsViewerAsync(string configPath) =>
        StartAsAsync(configPath, new Actor("viewer-1", OperatorRole.Viewer, "api"), null);

    private static async Task<WebApplication> StartAsAsync(string configPath, Actor actor, IAuditTrail? audit)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting();
        builder.Services.AddPryvBusLeader(configPath);
        if (audit is not null)
        {
            // After the leader's own registrations: the last one is the one resolved.
            builder.Services.AddSingleton(audit);
        }
        var app = builder.Build();
        app.MapGroup("/admin").AddEndpointFilter((context, next) =>
        {
            HttpActor.Set(context.HttpContext, actor);
            return next(context);
        }).MapPlatform();
        await app.StartAsync();
        return app;
    }

    private sealed class RecordingAudit : IAuditTrail
    {
        public List<AuditEntry> Entries { get; } = [];

        public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        {
            Entries.Add(entry);
            return Task.CompletedTask;
        }
    }
}
