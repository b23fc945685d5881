using System.Runtime.InteropServices;

namespace PryvBus.Leader.Watching;

/// <summary>
/// <c>SIGHUP</c> as the leader's executable takes it: a request for a pass, never a reason to stop, also when the leader
/// was started with <c>SIGHUP</c> ignored (<c>nohup</c>, <c>trap '' HUP</c>, a supervisor's setting). .NET keeps a signal
/// that was ignored at its registration ignored, and the registration then never runs: an operator's <c>kill -HUP</c>
/// would do nothing, silently; so <see cref="Register"/> sets it back to its default first. The registration is the
/// process's, made once and never disposed: disposed at stop, .NET would put back the disposition it found (the default,
/// which ends the process) and re-raise a hangup still queued for the handler, so a hangup while the leader stops would
/// kill it. Between passes' owners (<see cref="Forward"/>) a hangup is kept for the next. Registered by the executable
/// only: a process hosting leaders for tests keeps its own disposition of <c>SIGHUP</c>.
/// </summary>
public sealed partial class HangupSignal
{
    private const int SigHup = 1;
    private const long SigIgn = 1;

    /// <summary><c>struct sigaction</c>: 152 bytes in glibc and musl on x86-64 and arm64, its handler first.</summary>
    private const int ActionSize = 256;

    /// <summary>
    /// The registered instance, for the rest of the process: a registration is also disposed by its finalizer, which would
    /// put back the default (the host, and the services holding this, are gone before the process is).
    /// </summary>
    private static HangupSignal? s_registered;

    private readonly Lock _gate = new();
    private PosixSignalRegistration? _registration;
    private Forwarding? _forwarding;
    private bool _pending;

    /// <summary>Whether <c>SIGHUP</c> was ignored when <see cref="Register"/> ran (the leader says so, event 2504).</summary>
    public bool WasIgnored { get; private set; }

    /// <summary>
    /// Takes <c>SIGHUP</c> back when it is ignored and registers the handler for the rest of the process; once. A hangup in
    /// the microseconds between the two ends the process, as it would any program not started with it ignored: .NET's
    /// signal handling is started first (a registration of another signal, made and disposed), so that the first
    /// registration's set-up, and its compilation in a JIT build, does not fall between them.
    /// </summary>
    public void Register()
    {
        lock (_gate)
        {
            if (_registration is not null)
            {
                return;
            }

            PosixSignalRegistration.Create(PosixSignal.SIGCONT, _ => { }).Dispose(); // .NET always handles SIGCONT itself
            WasIgnored = TakeBack();
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Deliver();
            });
            s_registered = this;
        }
    }

    /// <summary>Hangups go to <paramref name="target"/> until the result is disposed; one that came meanwhile goes now.</summary>
    public IDisposable Forward(Action target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var forwarding = new Forwarding(this, target);
        bool pending;
        lock (_gate)
        {
            _forwarding = forwarding;
            (pending, _pending) = (_pending, false);
        }

        if (pending)
        {
            target();
        }

        return forwarding;
    }

    /// <summary>A hangup, as the registration hands it over: to the target, or kept for the next one.</summary>
    internal void Deliver()
    {
        Action? target;
        lock (_gate)
        {
            target = _forwarding?.Target;
            _pending = target is null;
        }

        target?.Invoke();
    }

    private static unsafe bool TakeBack()
    {
        var old = stackalloc byte[ActionSize];
        if (Sigaction(SigHup, null, old) != 0 || *(long*)old != SigIgn)
        {
            return false;
        }

        var byDefault = stackalloc byte[ActionSize]; // SIG_DFL (0), an empty mask, no flags
        new Span<byte>(byDefault, ActionSize).Clear();
        return Sigaction(SigHup, byDefault, null) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static unsafe partial int Sigaction(int signal, byte* action, byte* old);

    /// <summary>One <see cref="Forward"/>; its dispose ends forwarding only while it is the latest.</summary>
    private sealed class Forwarding(HangupSignal signal, Action target) : IDisposable
    {
        public Action Target => target;

        public void Dispose()
        {
            lock (signal._gate)
            {
                if (signal._forwarding == this)
                {
                    signal._forwarding = null;
                }
            }
        }
    }
}
