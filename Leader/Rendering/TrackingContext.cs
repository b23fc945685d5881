using Scriban;
using Scriban.Syntax;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// A template context that reports when a template takes the globals object itself (<c>this</c>: iterated, passed to
/// <c>json</c>, <c>object.keys</c>…): what it reads then cannot be told name by name, so it reads everything.
/// </summary>
internal sealed class TrackingContext(Action onWholeGlobals) : TemplateContext
{
    public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
    {
        if (scriptNode is ScriptThisExpression)
        {
            onWholeGlobals();
        }

        return base.Evaluate(scriptNode, aliasReturnedFunction);
    }
}
