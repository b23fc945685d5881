using System.Diagnostics;
using System.Text;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// One of PryvBus's programs as a real process (<c>dotnet pryvbus-leader.dll …</c>), from its project's own build
/// output, with its own environment and working folder; standard output and error kept apart.
/// </summary>
public sealed class ProgramProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ProgramProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public int ExitCode => _process.ExitCode;

    /// <summary>The process id (to look at its open files under /proc).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="project">Leader or Follower.</param>
    /// <param name="assembly">pryvbus-leader or pryvbus-follower.</param>
    /// <param name="arguments">The program's arguments.</param>
    /// <param name="workingDirectory">Where it runs (default: the test's).</param>
    /// <param name="environment">Variables added to the test's environment.</param>
    /// <param name="ignoringHangup">
    /// True: started with <c>SIGHUP</c> ignored, as <c>nohup</c> starts a program; false: with its default, whatever the
    /// test process has (a test run started with <c>nohup</c> ignores it); null: as the test process has it. Through
    /// coreutils' <c>env --ignore-signal</c> or <c>--default-signal</c> (coreutils 8.31 and later; Debian 12 has 9.1),
    /// which then executes it (the same process id).
    /// </param>
    public static ProgramProcess Start(
        string project, string assembly, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        bool? ignoringHangup = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(ignoringHangup is null ? "dotnet" : "env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (ignoringHangup is { } ignoring)
        {
            info.ArgumentList.Add(ignoring ? "--ignore-signal=HUP" : "--default-signal=HUP");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(Dll(project, assembly));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new ProgramProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Sends <c>SIGHUP</c>, as an operator's <c>kill -HUP</c>.</summary>
    public void Hangup()
    {
        using var kill = Process.Start("kill", ["-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }

    /// <summary>Asks the program to stop as a container runtime does (SIGTERM).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>The project's own build output, beside the tests' (same configuration and framework).</summary>
    private static string Dll(string project, string assembly) => RepositoryRoot.BuildOutput(project, assembly + ".dll");

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
