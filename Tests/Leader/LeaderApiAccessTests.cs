using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The API's access levels on the real Kestrel: liveness for anyone, details with the status or admin key,
/// failed key attempts limited per client address, and no log line per request.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class LeaderApiAccessTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string CoreKey = "core-1-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdef";
    private const string StatusKey = "status-key-0123456789abcdef";

    private LeaderTree Tree(int failedKeyLimit = 10)
    {
        // A broken role, so that the details hold an error text, a role name and the follower ids.
        var tree = new LeaderTree(redis.Endpoint)
            .Template("core", "site.conf", "server_name {{ DOMAIN }};")
            .Template("broken", "bad.conf", "{{ NOPE_SECRET_PATH }}")
            .Follower("core-1", "core", CoreKey);
        tree.Config["http"] = new JsonObject { ["adminKey"] = AdminKey, ["statusKey"] = StatusKey, ["failedKeyLimit"] = failedKeyLimit, ["failedKeyWindowSeconds"] = 3600 };
        return tree;
    }

    private static async Task<LeaderApiHost> StartAsync(LeaderTree tree, ILoggerProvider? logs = null)
    {
        var host = await LeaderApiHost.StartAsync(tree.Save(), logs);
        await Wait.UntilAsync(
            async () => (await JsonAsync(await host.SendAsync(HttpMethod.Get, "/health", StatusKey))).GetProperty("lastRender").ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(15), "the first render pass");
        return host;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Health_NoKey_ReturnsLivenessOnly()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        using var response = await host.SendAsync(HttpMethod.Get, "/health");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var body = await response.Content.ReadAsStringAsync();
        JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("status");
        body.Should().NotContainAny("broken", "NOPE_SECRET_PATH", "core-1", "redis", Environment.MachineName);
    }

    [Theory]
    [InlineData(StatusKey)]
    [InlineData(AdminKey)]
    public async Task Health_StatusOrAdminKey_ReturnsTheDetails(string key)
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        var json = await JsonAsync(await host.SendAsync(HttpMethod.Get, "/health", key));

        json.GetProperty("redis").GetString().Should().Be("ok");
        json.GetProperty("lastRender").GetProperty("failedRoles").EnumerateArray().Select(r => r.GetString()).Should().Equal("broken");
    }

    [Theory]
    [InlineData("/status", null, HttpStatusCode.Unauthorized)]
    [InlineData("/status", "wrong-key-0123456789abcdef", HttpStatusCode.Forbidden)]
    [InlineData("/status", CoreKey, HttpStatusCode.Forbidden)]
    [InlineData("/metrics", null, HttpStatusCode.Unauthorized)]
    [InlineData("/health", "wrong-key-0123456789abcdef", HttpStatusCode.Forbidden)]
    public async Task Details_NoOrWrongKey_AreRefusedWithoutDetails(string path, string? key, HttpStatusCode expected)
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        using var response = await host.SendAsync(HttpMethod.Get, path, key);

        response.StatusCode.Should().Be(expected);
        (await response.Content.ReadAsStringAsync()).Should().NotContainAny("core-1", "broken", "pryvbus_leader");
    }

    [Fact]
    public async Task Status_StatusKey_ListsTheFollowers()
    {
        using var tree = Tree();
        await using var host = await StartAsync(tree);

        var json = await JsonAsync(await host.SendAsync(HttpMethod.Get, "/status", StatusKey));

        json.GetProperty("followers").EnumerateArray().Select(f => f.GetProperty("id").GetString()).Should().Equal("core-1");
    }

    [Fact]
    public async Task Requests_AtDefaultLevel_WriteNoLogLinePerRequest()
    {
        using var tree = Tree();
        var logs = new LogCollector();
        await using var host = await StartAsync(tree, logs);
        var before = logs.Entries.Count;

        for (var i = 0; i < 5; i++)
        {
            (await host.SendAsync(HttpMethod.Get, "/health")).Dispose();
            (await host.SendAsync(HttpMethod.Get, "/conf/core", CoreKey)).Dispose();
        }

        logs.Entries.Skip(before).Where(e => e.Category.StartsWith("Microsoft", StringComparison.Ordinal))
            .Should().BeEmpty("framework request logs are at debug");
    }

    [Theory]
    [InlineData("/conf/core")]
    [InlineData("/admin/unpin")]
    [InlineData("/status")]
    public async Task FailedKeys_OverTheLimit_Get429EvenWithTheRightKey(string path)
    {
        using var tree = Tree(failedKeyLimit: 3);
        await using var host = await StartAsync(tree);
        var method = path.StartsWith("/admin", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;
        var right = path switch { "/conf/core" => CoreKey, "/status" => StatusKey, _ => AdminKey };
        var body = method == HttpMethod.Post ? new { role = "core" } : null;

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await host.SendAsync(method, path, $"wrong-key-{i}-0123456789abcdef", body);
            wrong.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        }

        using var limited = await host.SendAsync(method, path, "wrong-key-3-0123456789abcdef", body);
        using var rightButLimited = await host.SendAsync(method, path, right, body);
        using var liveness = await host.SendAsync(HttpMethod.Get, "/health");
        using var otherClient = await FromAddressAsync(host, IPAddress.Parse("127.0.0.2"), method, path, right, body);

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
        rightButLimited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a right key must not tell a guesser it was right");
        liveness.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "liveness needs no key and never counts");
        otherClient.StatusCode.Should().Be(HttpStatusCode.OK, "the limit is per client address");
    }

    /// <summary>A request from another loopback address (127.0.0.2): another client for the limiter.</summary>
    private static async Task<HttpResponseMessage> FromAddressAsync(LeaderApiHost host, IPAddress source, HttpMethod method, string path, string key, object? body)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = host.Client.BaseAddress };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
