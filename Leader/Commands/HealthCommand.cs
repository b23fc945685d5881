using System.Text.RegularExpressions;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Commands;

/// <summary>
/// <c>health</c>: asks the running leader's <c>GET /health</c> on the first of <c>http.urls</c> and exits 0 when it
/// answers 200, 1 otherwise (Redis unreachable, last render failed, nothing listening). Made for container health
/// checks: the runtime image has no curl and no shell.
/// </summary>
public static partial class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(LeaderSettings settings, TextWriter output, HttpMessageHandler? handler = null, bool json = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (!settings.Http.Enabled || settings.Http.Urls.Count == 0)
        {
            // Nothing to ask; a health check that can never pass would only hide real problems.
            await (json
                ? CommandJson.WriteAsync(output, new HealthOutput(null, true, null, "http.enabled is false: no health endpoint to ask"), CommandsJsonContext.Default.HealthOutput)
                : output.WriteLineAsync("http.enabled is false: no health endpoint to ask"));
            return 0;
        }

        var url = HealthUrl(settings.Http.Urls[0]);
        using var client = new HttpClient(handler ?? LoopbackHandler(), disposeHandler: true) { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            await (json
                ? CommandJson.WriteAsync(output, new HealthOutput(url.ToString(), response.IsSuccessStatusCode, (int)response.StatusCode, body), CommandsJsonContext.Default.HealthOutput)
                : output.WriteLineAsync($"{url}: {(int)response.StatusCode} {body}"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await (json
                ? CommandJson.WriteAsync(output, new HealthOutput(url.ToString(), false, null, ex.Message), CommandsJsonContext.Default.HealthOutput)
                : output.WriteLineAsync($"{url}: {ex.Message}"));
            return 1;
        }
    }

    /// <summary>The health URL of a listening URL: a wildcard host (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) is asked on loopback.</summary>
    public static Uri HealthUrl(string listenUrl)
    {
        ArgumentNullException.ThrowIfNull(listenUrl);
        var match = ListenUrl().Match(listenUrl);
        if (!match.Success)
        {
            throw new UsageException($"http.urls: cannot ask '{listenUrl}' for its health");
        }

        var host = match.Groups["host"].Value is "*" or "+" or "0.0.0.0" or "[::]" ? "127.0.0.1" : match.Groups["host"].Value;
        return new Uri($"{match.Groups["scheme"].Value}://{host}{match.Groups["port"].Value}{match.Groups["path"].Value.TrimEnd('/')}/health");
    }

    // The check only reads a status over loopback and sends nothing secret: a self-signed certificate is fine here.
    private static HttpClientHandler LoopbackHandler() =>
        new() { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/]+)(?<port>:\d+)?(?<path>/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ListenUrl();
}
