using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// Headers on every response of the leader: only the console's own scripts, styles and images (no inline code, no
/// third-party origin: the platform's machines may have no internet), no framing, no MIME sniffing, no referrer, and
/// nothing cached (pages carry operators' data).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'";

    public static void Add(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        if (!headers.ContainsKey("Cache-Control"))
        {
            // The very value the form tokens need (anything else, the framework rewrites and warns).
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
        }
    }
}
