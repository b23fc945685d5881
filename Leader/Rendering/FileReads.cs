namespace PryvBus.Leader.Rendering;

/// <summary>What one file's render read: every global name it looked up, every secret, and whether it read dynamically.</summary>
internal sealed class FileReads
{
    /// <summary>
    /// Builtins whose result is not a function of the inputs (<c>date.now</c>, <c>math.random</c>, <c>math.uuid</c>) or
    /// that evaluate text as a template (<c>object.eval</c>), which may reach the globals by a name built at run time.
    /// </summary>
    private static readonly HashSet<string> Unpredictable = new(StringComparer.Ordinal) { "date", "math", "object" };

    private readonly HashSet<string> _seenNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenSecrets = new(StringComparer.Ordinal);

    /// <summary>Global names looked up, in first-lookup order.</summary>
    public List<string> Names { get; } = [];

    /// <summary>Secret names used, in first-use order.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>The render cannot be replayed from its reads: it took the globals object, or used an unpredictable builtin.</summary>
    public bool Dynamic { get; private set; }

    public void Name(string name)
    {
        if (_seenNames.Add(name))
        {
            Names.Add(name);
            Dynamic |= Unpredictable.Contains(name);
        }
    }

    public void Secret(string name)
    {
        if (_seenSecrets.Add(name))
        {
            Secrets.Add(name);
        }
    }

    /// <summary>The render took the globals object itself: it may have read every value.</summary>
    public bool TookWholeGlobals { get; private set; }

    /// <summary>Records that the render took the globals object; true the first time only.</summary>
    public bool WholeGlobals()
    {
        Dynamic = true;
        var first = !TookWholeGlobals;
        TookWholeGlobals = true;
        return first;
    }
}
