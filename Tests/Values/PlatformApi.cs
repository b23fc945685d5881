using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Values;

/// <summary>A leader tree with documented, constrained and sensitive values (and comments in its settings file) for the values API tests.</summary>
internal static class PlatformApi
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string Password = "Zq8-sensitive-value-XYZ";
    public const string Header = "// Edited by hand and through the API: this comment must survive.\n";

    public static LeaderTree Tree(string redisEndpoint, bool watch = true)
    {
        var tree = new LeaderTree(redisEndpoint)
            .Template("core", "nginx/conf/site.conf", "server_name {{ DOMAIN }};\nlisten {{ PORT }};\n")
            .Template("core", "app/db.conf", "password={{ DB_PASSWORD }}\n")
            .Follower("core-1", "core", "core-1-key-0123456789abcdef")
            .Value("PORT", new JsonObject { ["value"] = 3000, ["type"] = "integer", ["min"] = 1, ["max"] = 65535, ["description"] = "The port." })
            .Value("DB_PASSWORD", new JsonObject { ["value"] = Password, ["sensitive"] = true });
        tree.Config["http"] = new JsonObject { ["adminKey"] = AdminKey };
        tree.Config["watch"] = watch;
        return tree;
    }

    /// <summary>Saves the tree, then adds comments the JSON writer cannot: a header and one beside the domain's description.</summary>
    public static string SaveWithComments(LeaderTree tree)
    {
        var text = File.ReadAllText(tree.Save());
        text = Header + text.Replace("\"The platform domain.\"", "\"The platform domain.\" /* kept */", StringComparison.Ordinal);
        File.WriteAllText(tree.ConfigPath, text);
        return text;
    }

    public static async Task<LeaderApiHost> StartAsync(RedisServer redis, LeaderTree tree)
    {
        var host = await LeaderApiHost.StartAsync(tree.ConfigPath);
        var keys = new LeaderHarness(redis, tree).Keys;
        await Wait.UntilAsync(async () => await redis.Db.KeyExistsAsync(keys.Serial("core")), TimeSpan.FromSeconds(15), "the first render");
        return host;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Json, string Text)> SendAsync(
        HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null, string key = AdminKey)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    public static string ETag(HttpResponseMessage response) => response.Headers.ETag?.Tag ?? throw new InvalidOperationException("no ETag");
}
