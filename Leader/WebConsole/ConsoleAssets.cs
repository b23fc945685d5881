using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PryvBus.Leader.WebConsole;

/// <summary>The console's stylesheet and script, embedded in the leader (no CDN, nothing fetched at run time).</summary>
internal static class ConsoleAssets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string Type)> Files = new Dictionary<string, (byte[], string)>
    {
        ["console.css"] = (Read("console.css"), "text/css; charset=utf-8"),
        ["console.js"] = (Read("console.js"), "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Map(RouteGroupBuilder console) =>
        console.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(file.Content, file.Type);
        }).Anonymous();

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"PryvBus.Leader.WebConsole.Assets.{name}")
            ?? throw new InvalidOperationException($"the console asset {name} is not embedded in the leader");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
