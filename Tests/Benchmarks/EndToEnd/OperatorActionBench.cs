using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The operator path as an operator takes it: the real <c>pryvbus-leader run</c> process (Native AOT with
/// <c>PRYVBUS_BENCH_LEADER</c>, else JIT) on a copy of the single-node sample, file watch off, its HTTP API listening
/// on a loopback port with an admin key, ACL provisioning on (the default), and one real follower process. Actions alternate: the settings file edited
/// (one platform value) then <c>SIGHUP</c>, timed from the signal; and <c>PUT /admin/platform/MONGODB_CACHE_GB</c>,
/// timed from the request. Each ends when the follower renames the changed file into place.
/// </summary>
internal sealed class OperatorActionBench(RedisInstance redis, TextWriter log)
{
    private const string Role = PropagationBench.Role;
    private const string Value = "MONGODB_CACHE_GB";
    private const string ChangedFile = "mongod.conf";
    private const string ChangedFolder = "mongodb/conf";
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(30);

    /// <param name="actions">Actions of each kind timed (two more of each warm up).</param>
    /// <param name="only">One kind only (<c>signal</c>, <c>put</c>), to profile its path; null for both in turn.</param>
    public async Task<OperatorActionResult> RunAsync(int actions, string? only = null)
    {
        const string prefix = "benchoperator";
        var adminKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var port = FreePort.Next();
        using var tree = new SampleTree(RepoPaths.SingleNode, redis.Endpoint, prefix, [FollowerIdentity.Numbered(0, Role)]);
        tree.SetSetting("http", new JsonObject { ["urls"] = new JsonArray($"http://127.0.0.1:{port}"), ["adminKey"] = adminKey });
        tree.SetSetting("acl", new JsonObject { ["provision"] = true });
        tree.Save();
        var keys = new RedisKeys(prefix);

        var work = Path.Combine(RepoPaths.Work, "operator-action");
        var leaderLog = Path.Combine(work, "leader.log");
        using var fleet = new FollowerFleet(Path.Combine(work, "fleet"), redis.Endpoint, prefix, Role, 1, 0);
        using var leader = LeaderProcess.Start(tree.ConfigPath, leaderLog);
        fleet.Start();
        var member = fleet.Members[0];
        await RoleConvergence.WaitAsync(redis, keys, Role, member.Identity.Id, leader.Process, leaderLog, TimeSpan.FromSeconds(120));
        log.WriteLine("  leader process and follower converged");

        using var landing = new FileLanding(Path.Combine(member.Root, ChangedFolder), ChangedFile);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);

        var hangups = new List<double>();
        var puts = new List<double>();
        var answers = new List<double>();
        var listings = new List<double>();
        var value = 100;
        for (var i = 0; i < 2 * (actions + 2); i++)
        {
            var byHangup = i % 2 == 0;
            if (only is not null && byHangup != (only == "signal"))
            {
                continue;
            }

            long started;
            long answered = 0;
            var listing = 0.0;
            if (byHangup)
            {
                tree.SetPlatformValue(Value, value = CacheSizeValue.Next(value));
                tree.Save();
                started = Stopwatch.GetTimestamp();
                Signal.Hangup(leader.Process.Id);
            }
            else
            {
                var listed = Stopwatch.GetTimestamp();
                var etag = await ETagAsync(http);
                listing = Stopwatch.GetElapsedTime(listed).TotalMilliseconds;
                using var request = new HttpRequestMessage(HttpMethod.Put, $"admin/platform/{Value}")
                {
                    Content = new StringContent(string.Create(CultureInfo.InvariantCulture, $$"""{"value":{{value = CacheSizeValue.Next(value)}},"reason":"benchmark"}"""), Encoding.UTF8, "application/json"),
                };
                request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
                started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                answered = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"action {i}: PUT /admin/platform/{Value} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            // The rename this action caused: one seen before it started (a periodic pass that found the saved edit
            // first) is not its time.
            var landed = await landing.AfterAsync(started, ActionTimeout)
                ?? throw new TimeoutException($"action {i}: the follower did not write {ChangedFile} within {ActionTimeout.TotalSeconds:F0} s; see {work}");
            var ms = Stopwatch.GetElapsedTime(started, landed).TotalMilliseconds;
            await RoleConvergence.WaitAsync(redis, keys, Role, member.Identity.Id, leader.Process, leaderLog, ActionTimeout);
            if (i < 4)
            {
                continue; // warm-up: the first of each kind compiles and opens what the others reuse
            }

            if (byHangup)
            {
                hangups.Add(ms);
            }
            else
            {
                puts.Add(ms);
                answers.Add(Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds);
                listings.Add(listing);
            }
        }

        return new OperatorActionResult(hangups, puts, answers, listings,
            $"the real leader process, {(RepoPaths.LeaderIsNative ? "Native AOT" : "JIT")}, file watch off, HTTP API listening, ACL provisioning on; "
            + $"1 {(RepoPaths.FollowerIsNative ? "Native AOT" : "JIT")} follower process");
    }

    /// <summary>The settings file's ETag, which a change must name (<c>If-Match</c>).</summary>
    private static async Task<string> ETagAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri($"admin/platform/{Value}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException($"GET /admin/platform/{Value} answered no ETag");
    }
}
