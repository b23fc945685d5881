using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Scriban;
using Scriban.Runtime;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// Scriban's <c>object.to_json</c> as Scriban 7 writes it — compact; a scalar or any formattable value (Scriban's
/// objects are) through the serializer; other lists as arrays and other objects as their members; the object recursion
/// limit and reference loops refused with Scriban's message — with the serializer's type information source-generated
/// (<see cref="ToJsonContext"/>): Scriban's own function asks for reflection, which the Native AOT leader does not have.
/// One difference: Scriban also counts each list item and member it writes against the loop limit (through an internal
/// method); here the value's size is bounded by what built it (loops, ranges and settings are limited) and the result
/// by the output limit.
/// </summary>
internal static class TemplateToJson
{
    private const string TooDeep = "Structure is too deeply nested or contains reference loops.";

    public static string ToJson(TemplateContext context, object? value)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (value is IScriptCustomFunction)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Can not serialize functions to JSON.");
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            Write(context, writer, value, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Write(TemplateContext context, Utf8JsonWriter writer, object? value, int depth, HashSet<object> path)
    {
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            throw new InvalidOperationException(TooDeep);
        }

        depth++;
        if (context.ObjectRecursionLimit != 0 && depth > context.ObjectRecursionLimit)
        {
            throw new InvalidOperationException(TooDeep);
        }

        var type = value?.GetType() ?? typeof(object);
        var tracked = value is not null && !type.IsValueType && value is not string;
        if (tracked && !path.Add(value!))
        {
            throw new InvalidOperationException(TooDeep);
        }

        try
        {
            if (value is System.Numerics.BigInteger big)
            {
                // What the serializer's reflection writes for a big integer (a literal beyond 64 bits): its properties.
                writer.WriteStartObject();
                writer.WriteBoolean("IsPowerOfTwo", big.IsPowerOfTwo);
                writer.WriteBoolean("IsZero", big.IsZero);
                writer.WriteBoolean("IsOne", big.IsOne);
                writer.WriteBoolean("IsEven", big.IsEven);
                writer.WriteNumber("Sign", big.Sign);
                writer.WriteEndObject();
            }
            else if (value is null || value is string || value is bool || type.IsPrimitive || value is decimal || value is IFormattable)
            {
                var info = ToJsonContext.Default.GetTypeInfo(type)
                    ?? throw new InvalidOperationException($"object.to_json cannot write a value of type {type.Name}");
                JsonSerializer.Serialize(writer, value, info);
            }
            else if (value is IList || type.IsArray)
            {
                writer.WriteStartArray();
                foreach (var item in context.ToList(context.CurrentSpan, value) ?? (IEnumerable)Array.Empty<object>())
                {
                    Write(context, writer, item, depth, path);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStartObject();
                var accessor = context.GetMemberAccessor(value);
                foreach (var member in accessor.GetMembers(context, context.CurrentSpan, value))
                {
                    if (accessor.TryGetValue(context, context.CurrentSpan, value, member, out var memberValue))
                    {
                        writer.WritePropertyName(member);
                        Write(context, writer, memberValue, depth, path);
                    }
                }

                writer.WriteEndObject();
            }
        }
        finally
        {
            if (tracked)
            {
                path.Remove(value!);
            }
        }
    }
}
