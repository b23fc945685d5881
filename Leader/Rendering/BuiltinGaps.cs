using Scriban;
using Scriban.Functions;
using Scriban.Runtime;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Scriban's built-ins that its Native AOT build leaves out or cannot run (found by listing the built-ins of the
/// published leader: <c>date.parse</c>, <c>object.has_key</c>, <c>object.has_value</c>, <c>string.slice</c>,
/// <c>string.index_of</c>, <c>timespan.zero</c>; <c>object.to_json</c> asks the serializer for reflection), put back in
/// every build under the same names, read-only, as typed wrappers of the same Scriban methods (their parameters and
/// defaults as Scriban declares them; <c>to_json</c>: <see cref="TemplateToJson"/>). No new function: <c>TemplateFunctionTests</c> holds the list.
/// </summary>
internal static class BuiltinGaps
{
    private static readonly DelegateCustomFunction DateParse =
        DelegateCustomFunction.CreateFunc<TemplateContext, string, string, string, DateTime?>(DateTimeFunctions.Parse);

    private static readonly DelegateCustomFunction HasKey =
        DelegateCustomFunction.CreateFunc<IDictionary<string, object?>?, string?, bool>(ObjectFunctions.HasKey);

    private static readonly DelegateCustomFunction HasValue =
        DelegateCustomFunction.CreateFunc<IDictionary<string, object?>?, string?, bool>(ObjectFunctions.HasValue);

    private static readonly DelegateCustomFunction ToJson =
        DelegateCustomFunction.CreateFunc<TemplateContext, object?, string>(TemplateToJson.ToJson);

    private static readonly DelegateCustomFunction Slice =
        DelegateCustomFunction.CreateFunc<string, int, int?, string>(StringFunctions.Slice);

    private static readonly DelegateCustomFunction IndexOf =
        DelegateCustomFunction.CreateFunc<string, string, int?, int?, string, int>(StringFunctions.IndexOf);

    /// <summary>
    /// The built-ins every render uses, built once: Scriban builds the whole set (every module, every function) for each
    /// context it creates without one, which cost more than the render of a small file (docs/performance.md). Read-only
    /// at every level, so that no template can change a function or module for the templates rendered after it; the
    /// objects are only read, by any number of renders at once.
    /// </summary>
    public static ScriptObject Shared { get; } = Frozen();

    private static ScriptObject Frozen()
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();
        Fill(builtins);
        foreach (var name in builtins.GetMembers().ToArray())
        {
            if (builtins[name] is ScriptObject module)
            {
                module.IsReadOnly = true;
            }
        }

        builtins.IsReadOnly = true;
        return builtins;
    }

    private static void Fill(ScriptObject builtins)
    {
        Set(builtins, "date", "parse", DateParse);
        Set(builtins, "object", "has_key", HasKey);
        Set(builtins, "object", "has_value", HasValue);
        Set(builtins, "object", "to_json", ToJson);
        Set(builtins, "string", "slice", Slice);
        Set(builtins, "string", "index_of", IndexOf);
        Set(builtins, "timespan", "zero", TimeSpan.Zero);
    }

    private static void Set(ScriptObject builtins, string owner, string name, object value) =>
        ((ScriptObject)builtins[owner]!).SetValue(name, value, readOnly: true);
}
