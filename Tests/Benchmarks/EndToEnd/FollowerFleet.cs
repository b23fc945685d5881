using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using StackExchange.Redis;
using PryvBus.Shared.Status;
using PryvBus.Shared;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// Followers as separate processes: each the real <c>pryvbus-follower</c> executable, or (for large fleets on two
/// cores) <see cref="AgentHost"/> processes running several followers (one host each), each with its own Redis
/// connections. Every follower has its own settings file and config root; containers are off and the poll interval is
/// an hour, so a change reaches them by the event, as it normally does.
/// </summary>
internal sealed class FollowerFleet : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly List<Process> _processes = [];
    private readonly int _agentsPerProcess;
    private readonly string _directory;

    /// <param name="directory">Scratch folder of this fleet (emptied first).</param>
    /// <param name="redisEndpoint">The benchmark's Redis.</param>
    /// <param name="prefix">The leader's key prefix.</param>
    /// <param name="role">The role every follower has.</param>
    /// <param name="count">How many followers.</param>
    /// <param name="agentsPerProcess">0: one real follower process each; otherwise agent-host processes of that many followers.</param>
    public FollowerFleet(string directory, string redisEndpoint, string prefix, string role, int count, int agentsPerProcess)
    {
        _directory = directory;
        _agentsPerProcess = agentsPerProcess;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var members = new List<FleetMember>();
        for (var i = 0; i < count; i++)
        {
            var identity = FollowerIdentity.Numbered(i, role);
            var home = Path.Combine(directory, identity.Id);
            Directory.CreateDirectory(home);
            var member = new FleetMember(i, identity, Path.Combine(home, "pryv"), Path.Combine(home, "config-follower.json"));
            var settings = new JsonObject
            {
                ["id"] = identity.Id,
                ["role"] = role,
                ["key"] = identity.Key,
                ["keyPrefix"] = prefix,
                ["redis"] = new JsonObject { ["configuration"] = redisEndpoint },
                ["configRoot"] = member.Root,
                ["pollIntervalSeconds"] = 3600,
                ["containers"] = new JsonObject { ["enabled"] = false },
            };
            File.WriteAllText(member.ConfigPath, settings.ToJsonString(Indented));
            members.Add(member);
        }

        Members = members;
    }

    public IReadOnlyList<FleetMember> Members { get; }

    public IReadOnlyList<Process> Processes => _processes;

    public void Start()
    {
        if (_agentsPerProcess == 0)
        {
            foreach (var member in Members)
            {
                _processes.Add(Spawn([.. RepoPaths.FollowerCommand, "--config", member.ConfigPath], Path.Combine(_directory, member.Identity.Id, "follower.log")));
            }

            return;
        }

        foreach (var (chunk, index) in Members.Chunk(_agentsPerProcess).Select((c, i) => (c, i)))
        {
            _processes.Add(Spawn(
                ["dotnet", RepoPaths.BenchDll, "agents", .. chunk.Select(m => m.ConfigPath)],
                Path.Combine(_directory, $"agent-host-{index}.log")));
        }
    }

    /// <summary>Stops the follower process at <paramref name="index"/> as an operator would (SIGTERM), and waits for it to exit.</summary>
    public async Task StopAsync(int index)
    {
        var process = _processes[index];
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) ?? throw new InvalidOperationException("could not run kill"))
            {
                await kill.WaitForExitAsync();
            }

            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>Starts the real follower process of member <paramref name="index"/> again (its log appended to); returns it.</summary>
    public Process Restart(int index)
    {
        if (_agentsPerProcess != 0)
        {
            throw new InvalidOperationException("only a fleet of real follower processes restarts one of them");
        }

        var member = Members[index];
        _processes[index].Dispose();
        _processes[index] = Spawn([.. RepoPaths.FollowerCommand, "--config", member.ConfigPath], Path.Combine(_directory, member.Identity.Id, "follower.log"), append: true);
        return _processes[index];
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }

        _processes.Clear();
    }

    /// <summary>Through <c>sh -c exec</c>: the output goes straight to a file (no pipe to drain) and the pid stays the program's.</summary>
    private static Process Spawn(IReadOnlyList<string> command, string logPath, bool append = false)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(append ? "exec \"$@\" >>\"$0\" 2>&1" : "exec \"$@\" >\"$0\" 2>&1");
        info.ArgumentList.Add(logPath);
        foreach (var part in command)
        {
            info.ArgumentList.Add(part);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
    }

    /// <summary>Every follower's status hash says <paramref name="serial"/>, state ok (polled every 2 ms until <paramref name="timeout"/>).</summary>
    public async Task WaitReportedAsync(RedisInstance redis, RedisKeys keys, long serial, TimeSpan timeout)
    {
        var expected = serial.ToString(CultureInfo.InvariantCulture);
        var db = redis.Admin.GetDatabase();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var statuses = await Task.WhenAll(Members.Select(m =>
                db.HashGetAsync(keys.Follower(m.Identity.Id), [(RedisValue)StatusFields.Serial, (RedisValue)StatusFields.State])));
            if (statuses.All(s => s[0] == expected && s[1] == FollowerState.Ok))
            {
                return;
            }

            CheckAlive();
            if (clock.Elapsed > timeout)
            {
                var behind = statuses.Count(s => s[0] != expected || s[1] != FollowerState.Ok);
                throw new TimeoutException($"{behind} follower(s) did not report serial {serial} within {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Throws when a follower process has exited.</summary>
    public void CheckAlive()
    {
        var dead = Processes.FirstOrDefault(p => p.HasExited);
        if (dead is not null)
        {
            throw new InvalidOperationException($"a follower process exited (code {dead.ExitCode}); see the logs under {RepoPaths.Work}");
        }
    }
}
