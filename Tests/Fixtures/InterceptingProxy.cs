using System.Reflection;
using System.Runtime.ExceptionServices;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// A real object behind an interface, each call forwarded to it, its result handed to <see cref="After"/> (which may
/// wait, or wrap it) before the caller gets it: a point where a test holds one caller while another runs.
/// </summary>
/// <typeparam name="T">The interface.</typeparam>
public class InterceptingProxy<T> : DispatchProxy
    where T : class
{
    private T _target = null!;
    private Func<MethodInfo, object?, object?> _after = (_, result) => result;

    /// <summary>What each call's result goes through, given the method called.</summary>
    public Func<MethodInfo, object?, object?> After => _after;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "The proxy's type is the factory's: InterceptingProxy<IDatabase>.Create reads as what it makes.")]
    public static T Create(T target, Func<MethodInfo, object?, object?> after)
    {
        var proxy = Create<T, InterceptingProxy<T>>();
        var self = (InterceptingProxy<T>)(object)proxy;
        (self._target, self._after) = (target, after);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        try
        {
            return _after(targetMethod, targetMethod.Invoke(_target, args));
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
