using System.Diagnostics;
using System.Text;
using PryvBus.Follower.Applying;
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

    public static FollowerProcess Start(string configPath, string? crashAt = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(FollowerDll());
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configPath);
        info.Environment["DOTNET_gcServer"] = "0";
        if (crashAt is not null)
        {
            info.Environment[FaultInjector.Variable] = crashAt;
        }

        return new FollowerProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
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

    /// <summary>
    /// The follower's own build output: the copy beside the tests would lack the assemblies the test output takes
    /// from the ASP.NET shared framework (the leader is a web project), which the follower does not use.
    /// </summary>
    private static string FollowerDll() => RepositoryRoot.BuildOutput("Follower", "pryvbus-follower.dll");
}
