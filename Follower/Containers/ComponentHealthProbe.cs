using System.Globalization;
using Docker.DotNet;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Containers;

/// <summary>
/// One look at a component's health: its containers run, their Docker health check (when defined) says healthy, and
/// its probe (an HTTP GET on a loopback URL answering 2xx, or a command exiting 0 in its first container) succeeds.
/// Returns null when healthy, or why not (bounded). Never throws for a Docker or HTTP failure.
/// </summary>
internal sealed class ComponentHealthProbe(IDockerClient client, ContainerLocator locator, ContainerReload reload, ContainerSettings settings) : IDisposable
{
    // No proxy and no redirect: the probe never leaves the loopback host the signed URL names.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public async Task<string?> ProblemAsync(string component, ComponentHealth health, CancellationToken ct)
    {
        try
        {
            var containers = await WithTimeout(token => locator.FindAsync([component], token), ct);
            var found = containers[component];
            if (found.Count == 0)
            {
                return "no container";
            }

            foreach (var container in found)
            {
                var state = (await WithTimeout(token => client.Containers.InspectContainerAsync(container.Id, token), ct)).State;
                if (state is not { Running: true } || state.Restarting || state.Paused)
                {
                    return $"container {container.Name} is not running (state {state?.Status ?? "unknown"})";
                }

                var status = state.Health?.Status;
                if (!string.IsNullOrEmpty(status) && status is not ("none" or "healthy"))
                {
                    return $"container {container.Name}: Docker health check says {status}";
                }
            }

            if (health.Command is { } command)
            {
                var failure = await reload.RunAsync(found[0], new ReloadAction(ReloadKind.Exec, null, command, health.TimeoutSeconds), ct);
                return failure is null ? null : "probe command " + failure;
            }

            return health.Url is { } url ? await GetAsync(url, health.TimeoutSeconds, ct) : null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is DockerApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            return BoundedOutput.FirstLines(e is OperationCanceledException ? "Docker did not answer in time" : DockerFailure.Describe(e), 3, 300);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<string?> GetAsync(string url, int timeoutSeconds, CancellationToken ct)
    {
        // Checked again here: the declaration is signed, and still never trusted to name another host.
        if (ComponentRules.ProbeUrlProblem(url) is { } problem)
        {
            return "probe url " + problem;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            using var response = await _http.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300 ? null : string.Create(CultureInfo.InvariantCulture, $"probe GET answered {code}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"probe GET: no answer within {timeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return "probe GET failed: " + BoundedOutput.FirstLines(e.Message, 1, 200);
        }
    }

    private async Task<T> WithTimeout<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.RequestTimeout);
        return await call(timeout.Token);
    }
}
