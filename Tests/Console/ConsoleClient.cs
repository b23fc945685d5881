using System.Net;
using System.Text.RegularExpressions;

namespace PryvBus.Tests.Console;

/// <summary>
/// An HTTP client playing a browser on the console: keeps its cookies itself (the session cookie is Secure, which
/// HttpClient's cookie jar never sends over plain HTTP, as browsers do on loopback), never follows redirects, and
/// remembers the form token of the last page.
/// </summary>
internal sealed partial class ConsoleClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string? FormToken { get; private set; }

    /// <summary>The body of the last response.</summary>
    public string LastBody { get; private set; } = string.Empty;

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, IDictionary<string, string>? form = null, bool token = true)
    {
        var fields = new Dictionary<string, string>(form ?? new Dictionary<string, string>());
        if (token && FormToken is not null)
        {
            fields["form-token"] = FormToken;
        }

        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });
    }

    public async Task<HttpResponseMessage> SignInAsync(string name, string password)
    {
        await GetAsync("/console/login");
        var (response, _) = await PostAsync("/console/login", new Dictionary<string, string> { ["name"] = name, ["password"] = password });
        return response;
    }

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>Takes another client's cookies as they are now (a session cookie copied out of a browser).</summary>
    public void CopyCookiesFrom(ConsoleClient other)
    {
        foreach (var (name, value) in other._cookies)
        {
            _cookies[name] = value;
        }
    }

    /// <summary>Sends a GET and returns once the headers are in, the body left to stream (server-sent events).</summary>
    public Task<HttpResponseMessage> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task<(HttpResponseMessage, string)> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        var body = await response.Content.ReadAsStringAsync();
        LastBody = body;
        if (TokenPattern().Match(body) is { Success: true } match)
        {
            FormToken = WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        return (response, body);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"form-token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
