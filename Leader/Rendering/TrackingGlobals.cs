using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// The globals of one file's render. Every name the template looks up here, found or not, is reported: a platform
/// value found is what <c>describe</c> lists, and every name is an input of the file's render (a value added later under
/// a name the template looked up elsewhere, a builtin's name, changes its output).
/// </summary>
internal sealed class TrackingGlobals(Action<string, bool> onLookup) : ScriptObject
{
    public override bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value)
    {
        var found = base.TryGetValue(context, span, member, out value);
        onLookup(member, found);
        return found;
    }
}
