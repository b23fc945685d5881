using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using StackExchange.Redis;

namespace PryvBus.Tests.HighAvailability;

/// <summary>The soak's leader (in-process pipeline), follower processes, stand-in containers and bookkeeping.</summary>
internal sealed class SoakWorld : IAsyncDisposable
{
    private const string Role = "core";
    private readonly RedisServer _redis;
    private readonly DockerDaemon _docker;
    private readonly LeaderTree _tree;
    private readonly List<(string Id, string Key, TempDirectory Root, string Config, string Project)> _followers = [];
    private readonly FollowerProcess?[] _processes;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _contents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _lastChange = new(StringComparer.Ordinal);
    private readonly PlatformPipeline _pipeline;
    private int _generation;

    private SoakWorld(RedisServer redis, DockerDaemon docker, int followers)
    {
        _redis = redis;
        _docker = docker;
        _tree = new LeaderTree(redis.Endpoint)
            .Template(Role, "pryv.yml", "services: {}\n")
            .Template(Role, "core/conf/core.yml", "value: {{ CORE }}\nkey: {{ secret \"SSO\" }}\n" + new string('#', 20_000) + "\n")
            .Template(Role, "nginx/conf/site.conf", "server_name {{ NGINX }};\n" + new string('#', 20_000) + "\n")
            .Template(Role, "static/conf/static.conf", "never changes\n")
            .Value("CORE", "c0").Value("NGINX", "n0");
        _processes = new FollowerProcess?[followers];
        _pipeline = new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, _ => null);
    }

    public ConcurrentQueue<string> TornReads { get; } = new();

    /// <summary>Every follower's applied (generation, serial), which may only grow.</summary>
    public SoakOrderWatch Order { get; } = new();

    /// <summary>Records each follower's applied version: any step back is a violation.</summary>
    public void ObserveOrder()
    {
        foreach (var follower in _followers)
        {
            Order.Observe(follower.Id, follower.Root.Combine("pryv"));
        }
    }

    /// <summary>
    /// What a failover to a replica that missed the last writes does: the serial goes back to the previous retained
    /// version and the newest one vanishes. Followers that applied it must not take the older one; the leader's next
    /// pass stores the role again above what it recorded.
    /// </summary>
    public async Task<bool> LoseNewestVersionAsync()
    {
        var keys = new RedisKeys(_tree.Prefix);
        var history = (await _redis.Db.ListRangeAsync(keys.History(Role))).Select(v => (long)v).ToArray();
        if (history.Length < 2)
        {
            return false;
        }

        await _redis.Db.StringSetAsync(keys.Serial(Role), history[^2]);
        await _redis.Db.ListRightPopAsync(keys.History(Role));
        await _redis.Db.KeyDeleteAsync([keys.Config(Role, history[^1]), keys.Meta(Role, history[^1])]);
        return true;
    }

    public static async Task<SoakWorld> StartAsync(RedisServer redis, DockerDaemon docker, UnixSocketProxy proxy, int followers)
    {
        var world = new SoakWorld(redis, docker, followers);
        for (var i = 0; i < followers; i++)
        {
            var id = $"f{i}";
            var key = $"soak-key-{i}-0123456789abcdef";
            var project = DockerDaemon.NewProject();
            foreach (var component in new[] { "core", "nginx", "static" })
            {
                await docker.RunAsync(new StandIn(project, component));
            }

            var root = new TempDirectory();
            var config = root.Combine("config-follower.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                id, role = Role, key, keyPrefix = world._tree.Prefix,
                redis = new { configuration = redis.Endpoint },
                configRoot = root.Combine("pryv"),
                pollIntervalSeconds = 1,
                containers = new { composeProject = project, endpoint = proxy.Endpoint, stopTimeoutSeconds = 1, maxAttempts = 2, retryDelaySeconds = 0.2 },
            }));
            world._tree.Follower(id, Role, key);
            world._followers.Add((id, key, root, config, project));
            world._processes[i] = FollowerProcess.Start(config);
        }

        world._tree.Save();
        return world;
    }

    public void Change(string component, Random random)
    {
        var value = $"{component[0]}{++_generation}-{random.Next(1000)}";
        _tree.Value(component == "core" ? "CORE" : "NGINX", value).Save();
        _lastChange[component] = DateTime.UtcNow;
    }

    public void Reloaded(string component) => _lastChange[component] = DateTime.UtcNow;

    /// <summary>One leader pass, retried while Redis is away, as the service does.</summary>
    public async Task RenderAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                // Contents are recorded before they can reach a follower: anything else a reader sees is torn.
                var settings = _tree.Load();
                foreach (var (render, _) in await _pipeline.PreviewAsync(settings))
                {
                    foreach (var (path, content) in render.Version!.Files)
                    {
                        _contents.GetOrAdd(path, _ => new())[Encoding.UTF8.GetString(content)] = true;
                    }
                }

                (await _pipeline.RunAsync(settings, "soak")).Should().OnlyContain(r => !r.Failed);

                // The very first render generates the secret: the preview saw another value than the one stored.
                var stored = await new VersionStore(_redis.Admin, new RedisKeys(_tree.Prefix), 20).ReadAsync(Role);
                foreach (var (path, content) in stored!.Files)
                {
                    _contents.GetOrAdd(path, _ => new())[Encoding.UTF8.GetString(content)] = true;
                }

                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task KillAndRestartFollowerAsync(int index)
    {
        _processes[index]!.Dispose();
        _processes[index] = FollowerProcess.Start(_followers[index].Config);
        await Task.CompletedTask;
    }

    public async Task PublishAsync(string message)
    {
        try
        {
            await _redis.Db.PublishAsync(new RedisKeys(_tree.Prefix).Events, message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is restarting: an event lost is part of the game.
        }
    }

    public async Task WaitConvergedAsync(TimeSpan timeout)
    {
        var keys = new RedisKeys(_tree.Prefix);
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    var current = (long)await _redis.Db.StringGetAsync(keys.Serial(Role));
                    var generation = (long)await _redis.Db.HashGetAsync(keys.Meta(Role, current), "generation");
                    foreach (var follower in _followers)
                    {
                        if (SoakOrderWatch.Applied(follower.Root.Combine("pryv"))?.Generation != generation)
                        {
                            return false;
                        }

                        var status = (await _redis.Db.HashGetAllAsync(keys.Follower(follower.Id))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
                        if (status.GetValueOrDefault(StatusFields.Serial) != current.ToString(CultureInfo.InvariantCulture)
                            || status.GetValueOrDefault(StatusFields.State) != FollowerState.Ok
                            || !string.IsNullOrEmpty(status.GetValueOrDefault(StatusFields.RestartPending)))
                        {
                            return false;
                        }
                    }

                    return true;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    return false;
                }
            },
            timeout,
            "every follower at the current generation and serial, with no restart pending");
    }

    public async Task<long> ReadContinuouslyAsync(CancellationToken ct)
    {
        long reads = 0;
        while (!ct.IsCancellationRequested)
        {
            foreach (var follower in _followers)
            {
                foreach (var path in _contents.Keys)
                {
                    string text;
                    try
                    {
                        text = await File.ReadAllTextAsync(Path.Combine(follower.Root.Combine("pryv"), path), CancellationToken.None);
                    }
                    catch (FileNotFoundException)
                    {
                        continue;
                    }

                    reads++;
                    if (!_contents[path].ContainsKey(text))
                    {
                        TornReads.Enqueue($"{follower.Id}:{path} ({text.Length} chars)");
                    }
                }
            }
        }

        return reads;
    }

    public async Task AssertFilesMatchTheCurrentVersionAsync()
    {
        var version = await new VersionStore(_redis.Admin, new RedisKeys(_tree.Prefix), 20).ReadAsync(Role);
        foreach (var follower in _followers)
        {
            var root = follower.Root.Combine("pryv");
            var onDisk = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f)).Where(p => !p.StartsWith(".pryvbus", StringComparison.Ordinal)).Order().ToArray();
            onDisk.Should().Equal(version!.Files.Keys.Order(), $"{follower.Id} has exactly the version's files");
            foreach (var (path, content) in version.Files)
            {
                (await File.ReadAllBytesAsync(Path.Combine(root, path))).Should().Equal(content, $"{follower.Id}:{path} is byte-identical");
            }
        }
    }

    public IReadOnlyList<string> TempFiles() => _followers
        .SelectMany(f => Directory.EnumerateFiles(f.Root.Path, "*.pryvbus-tmp-*", SearchOption.AllDirectories)).ToArray();

    public async Task<IReadOnlyList<string>> StartTimesAsync(string component)
    {
        var times = new List<string>();
        foreach (var follower in _followers)
        {
            foreach (var id in await _docker.ContainerIdsAsync(follower.Project, component))
            {
                times.Add(await _docker.StartedAtAsync(id));
            }
        }

        return times;
    }

    /// <summary>Every container of a changed (or reloaded) component is eventually restarted after its last change.</summary>
    public async Task WaitChangedComponentsRestartedAfterTheirLastChangeAsync(TimeSpan timeout)
    {
        foreach (var (component, changed) in _lastChange)
        {
            await WaitOrDescribeAsync(() => Wait.UntilAsync(
                async () => (await StartTimesAsync(component))
                    .All(started => DateTime.Parse(started, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) > changed.AddSeconds(-1)),
                timeout,
                $"{component}'s containers to be restarted after its last change at {changed:O}"));
        }
    }

    /// <summary>A wait that times out says what each follower reported and logged last, so that a failed run can be read.</summary>
    private async Task WaitOrDescribeAsync(Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException e)
        {
            var keys = new RedisKeys(_tree.Prefix);
            var text = new System.Text.StringBuilder(e.Message);
            for (var i = 0; i < _followers.Count; i++)
            {
                var status = await _redis.Db.HashGetAllAsync(keys.Follower(_followers[i].Id));
                text.Append(CultureInfo.InvariantCulture, $"\n--- {_followers[i].Id}: ")
                    .AppendJoin(' ', status.OrderBy(f => f.Name.ToString(), StringComparer.Ordinal).Select(f => $"{f.Name}={f.Value}"))
                    .Append('\n').AppendJoin('\n', (_processes[i]?.Output ?? string.Empty).Split('\n').TakeLast(40));
            }

            throw new TimeoutException(text.ToString(), e);
        }
    }

    /// <summary>The first apply (a new pryv.yml) restarts every component; the baseline is taken after that.</summary>
    public async Task WaitForFirstRestartsAsync(TimeSpan timeout)
    {
        var keys = new RedisKeys(_tree.Prefix);
        await Wait.UntilAsync(
            async () =>
            {
                foreach (var follower in _followers)
                {
                    var status = (await _redis.Db.HashGetAllAsync(keys.Follower(follower.Id))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
                    if (ChaosSoakTests.AllComponents.Any(c => status.GetValueOrDefault(StatusFields.RestartPrefix + c)?.StartsWith("restarted", StringComparison.Ordinal) != true))
                    {
                        return false;
                    }
                }

                return true;
            },
            timeout,
            "every component of every follower restarted once");
    }

    public async Task<IReadOnlyList<string>> SecretsAsync()
    {
        var keys = new RedisKeys(_tree.Prefix);
        var entries = (await _redis.Db.HashGetAllAsync(keys.RoleSecrets(Role))).Concat(await _redis.Db.HashGetAllAsync(keys.PlatformSecrets));
        return entries.Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal).ToArray();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process?.Dispose();
        }

        foreach (var follower in _followers)
        {
            follower.Root.Dispose();
        }

        _tree.Dispose();
        return ValueTask.CompletedTask;
    }
}
