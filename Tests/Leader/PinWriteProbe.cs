using System.Reflection;
using System.Runtime.ExceptionServices;
using PryvBus.Leader.State;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A Redis connection that forwards everything to a real one and, whenever a pin key is written or deleted through it,
/// records whether <c>store.lock</c> was held at that moment (tried without waiting from a descriptor of its own).
/// </summary>
public class PinWriteProbe : DispatchProxy
{
    private object _target = null!;
    private Func<MethodInfo, object?[]?, object?>? _before;

    /// <summary>For each pin write or delete seen, in order: whether store.lock was held.</summary>
    public List<bool> LockHeldAtPinWrites { get; } = [];

    /// <summary>Wraps <paramref name="redis"/>; pin writes are those to a key ending in <c>:pin:</c> + a role.</summary>
    public static (IConnectionMultiplexer Redis, PinWriteProbe Probe) Wrap(IConnectionMultiplexer redis, string stateDirectory)
    {
        var proxy = DispatchProxy.Create<IConnectionMultiplexer, PinWriteProbe>();
        var probe = (PinWriteProbe)(object)proxy;
        probe._target = redis;
        probe._before = (method, args) =>
        {
            if (method.Name != nameof(IConnectionMultiplexer.GetDatabase))
            {
                return null;
            }

            var database = DispatchProxy.Create<IDatabase, PinWriteProbe>();
            var inner = (PinWriteProbe)(object)database;
            inner._target = method.Invoke(redis, args)!;
            inner._before = (called, arguments) =>
            {
                if (called.Name is nameof(IDatabase.StringSetAsync) or nameof(IDatabase.KeyDeleteAsync)
                    && arguments is [RedisKey key, ..] && key.ToString().Contains(":pin:", StringComparison.Ordinal))
                {
                    probe.LockHeldAtPinWrites.Add(IsHeld(Path.Combine(stateDirectory, StoreLedger.LockFile)));
                }

                return null;
            };
            return database;
        };
        return (proxy, probe);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_before?.Invoke(targetMethod, args) is { } replaced)
        {
            return replaced;
        }

        try
        {
            return targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static bool IsHeld(string lockFile)
    {
        try
        {
            StateFiles.LockAsync(lockFile, TimeSpan.Zero).GetAwaiter().GetResult().Dispose();
            return false;
        }
        catch (StateException)
        {
            return true;
        }
    }
}
