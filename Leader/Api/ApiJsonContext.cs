using System.Text.Json;
using System.Text.Json.Serialization;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Values;

namespace PryvBus.Leader.Api;

/// <summary>
/// Every body the HTTP API reads or writes, source-generated (trimming- and Native AOT-safe), with ASP.NET's web
/// defaults (camelCase names): the same JSON as the reflection-based serializer wrote.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AdminRoutes.RenderRequest))]
[JsonSerializable(typeof(AdminRoutes.ReloadRequest))]
[JsonSerializable(typeof(AdminRoutes.RollbackRequest))]
[JsonSerializable(typeof(PlatformRoutes.PutRequest))]
[JsonSerializable(typeof(ErrorAnswer))]
[JsonSerializable(typeof(ProblemsAnswer))]
[JsonSerializable(typeof(IEnumerable<RoleAnswer>))]
[JsonSerializable(typeof(ReloadAnswer))]
[JsonSerializable(typeof(RollbackAnswer))]
[JsonSerializable(typeof(UnpinAnswer))]
[JsonSerializable(typeof(RolloutAnswer))]
[JsonSerializable(typeof(RolloutView))]
[JsonSerializable(typeof(ValuesAnswer))]
[JsonSerializable(typeof(ValueView))]
[JsonSerializable(typeof(DryRunAnswer))]
[JsonSerializable(typeof(ChangeAnswer))]
[JsonSerializable(typeof(HealthAnswer))]
[JsonSerializable(typeof(DetailedHealthAnswer))]
[JsonSerializable(typeof(StatusAnswer))]
[JsonSerializable(typeof(ConfAnswer))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
