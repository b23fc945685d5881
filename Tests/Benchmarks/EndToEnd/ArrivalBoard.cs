namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// For one change at a time: when each follower's changed file landed (renamed into place, already fsynced) and when
/// its manifest did (the apply's last step, after the folder fsyncs): <c>manifest.json</c> or <c>manifest.delta</c>
/// renamed into place, or the delta closed after its record was appended and fsynced. Completes when every manifest has
/// landed.
/// </summary>
internal sealed class ArrivalBoard(int followers, string changedFile)
{
    public const string ManifestFile = "manifest.json";
    public const string DeltaFile = "manifest.delta";

    private readonly long[] _file = new long[followers];
    private readonly long[] _manifest = new long[followers];
    private int _manifestsPending;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    public IReadOnlyList<long> File => _file;

    public IReadOnlyList<long> Manifest => _manifest;

    public void Reset()
    {
        Array.Clear(_file);
        Array.Clear(_manifest);
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _manifestsPending, _manifest.Length);
    }

    /// <summary>The watcher's callback: tag is (follower index, whether the folder is the state folder).</summary>
    public void OnRename(object tag, string name, long timestamp)
    {
        var (index, stateFolder) = ((int, bool))tag;
        if (!stateFolder && name == changedFile)
        {
            Interlocked.CompareExchange(ref _file[index], timestamp, 0);
        }
        else if (stateFolder && name is ManifestFile or DeltaFile
            && Interlocked.CompareExchange(ref _manifest[index], timestamp, 0) == 0
            && Interlocked.Decrement(ref _manifestsPending) == 0)
        {
            _done.TrySetResult();
        }
    }
}
