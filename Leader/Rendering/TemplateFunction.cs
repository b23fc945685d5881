using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// A template function of one argument that is given the call's location (<c>secret</c>, <c>json</c>): what
/// <c>DelegateCustomFunction.CreateFunc</c> builds, without the reflection over the delegate that it does for each new
/// function, that is for each file rendered (most of a new context's cost in the Native AOT leader, `perf`). The argument
/// is converted as Scriban converts it for a delegate; a call with another number of arguments is refused by Scriban with
/// its own message, naming the call.
/// </summary>
internal sealed class TemplateFunction<T>(string parameter, Func<SourceSpan, T?, string> body) : IScriptCustomFunction
{
    public int RequiredParameterCount => 1;

    public int ParameterCount => 1;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType => typeof(string);

    /// <remarks>Beyond the one parameter (a call with too many arguments, which Scriban then refuses): any value.</remarks>
    public ScriptParameterInfo GetParameterInfo(int index) => index == 0 ? new(typeof(T), parameter) : new(typeof(object), "extra");

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var span = callerContext?.Span ?? default;
        return body(span, context.ToObject<T>(span, arguments[0]));
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new(Invoke(context, callerContext, arguments, blockStatement));
}
