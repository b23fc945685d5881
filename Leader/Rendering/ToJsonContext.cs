using System.Text.Json.Serialization;
using Scriban.Runtime;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// What <c>object.to_json</c> hands the serializer (scalars, and Scriban's objects, which are formattable), source-
/// generated: the serializer's own converters, so the same text as its reflection gives, which Native AOT disables.
/// Values of other types stay an error naming the type.
/// </summary>
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(byte))]
[JsonSerializable(typeof(sbyte))]
[JsonSerializable(typeof(short))]
[JsonSerializable(typeof(ushort))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(uint))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(ulong))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(char))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(ScriptObject))]
[JsonSerializable(typeof(ScriptArray))]
[JsonSerializable(typeof(ScriptRange))]
internal sealed partial class ToJsonContext : JsonSerializerContext;
