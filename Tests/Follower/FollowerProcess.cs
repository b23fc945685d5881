using System.Diagnostics;
using System.Text;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The real follower executable (<c>dotnet pryvbus-follower.dll --config …</c>), from the Follower project's own output.</summary>
internal sealed class FollowerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FollowerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="configPath">The follower's settings file.</param>
    /// <param name="killAt">
    /// When set (<c>SYSCALL:N</c>, e.g. <c>rename:2</c>), the follower runs under <c>strace</c>, which sends it SIGKILL on
    /// entering its N-th call of SYSCALL (counted per thread; an apply runs on one): kill -9 at an exact point of the
    /// production code, which has no hook for it. <c>PRYVBUS_TEST_STRACE_LOG=FILE</c> writes the file system calls of
    /// the run there (with paths), to count the points again when the apply's sequence changes.
    /// </param>
    /// <param name="straceLog">Where the file system calls of the run are written (as the variable above), for a test that reads them.</param>
    public static FollowerProcess Start(string configPath, string? killAt = null, string? straceLog = null)
    {
        var info = new ProcessStartInfo(killAt is null ? "dotnet" : Strace())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (killAt is not null)
        {
            var syscall = killAt.Split(':')[0];
            var log = straceLog ?? Environment.GetEnvironmentVariable("PRYVBUS_TEST_STRACE_LOG");
            var traced = log is null ? syscall : "openat,pwrite64,fsync,rename,unlink,mkdir";
            string[] strace = ["-f", "-qq", "-y", "-o", log ?? "/dev/null", "-e", "trace=" + traced, "-e", $"inject={syscall}:signal=KILL:when={killAt.Split(':')[1]}", "dotnet"];
            foreach (var argument in strace)
            {
                info.ArgumentList.Add(argument);
            }

            // No debugger pipes: the runtime unlinks them at startup, on the main thread, which would count as calls.
            info.Environment["DOTNET_EnableDiagnostics"] = "0";
        }

        info.ArgumentList.Add(FollowerDll());
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configPath);
        info.Environment["DOTNET_gcServer"] = "0";
        return new FollowerProcess(Process.Start(info) ?? throw new InvalidOperationException(info.FileName + " did not start"));
    }

    public async Task WaitForExitAsync(TimeSpan timeout) => await _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static readonly string[] StracePaths = ["/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"];

    private static string Strace() =>
        StracePaths.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("the crash tests need strace (Debian: apt-get install strace) to kill the follower at a system call");

    /// <summary>
    /// The follower's own build output: the copy beside the tests would lack the assemblies the test output takes
    /// from the ASP.NET shared framework (the leader is a web project), which the follower does not use.
    /// </summary>
    private static string FollowerDll() => RepositoryRoot.BuildOutput("Follower", "pryvbus-follower.dll");
}
