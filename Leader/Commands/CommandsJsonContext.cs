using System.Text.Json.Serialization;

namespace PryvBus.Leader.Commands;

/// <summary>
/// Command output (<c>--json</c>), source-generated (trimming- and Native AOT-safe): indented, camelCase names, nulls
/// kept, as the anonymous objects it replaced were written. Lists are declared as <see cref="IEnumerable{T}"/>: one
/// entry serves arrays, lists and queries alike.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DescribeAnswer))]
[JsonSerializable(typeof(RestoreOutput))]
[JsonSerializable(typeof(HistoryOutput))]
[JsonSerializable(typeof(SecretSetOutput))]
[JsonSerializable(typeof(PryvImportOutput))]
[JsonSerializable(typeof(AuditVerifyOutput))]
[JsonSerializable(typeof(ImportDataOutput))]
[JsonSerializable(typeof(BackupOutput))]
[JsonSerializable(typeof(RollbackOutput))]
[JsonSerializable(typeof(TokenCreatedOutput))]
[JsonSerializable(typeof(TokenRevokedOutput))]
[JsonSerializable(typeof(ReloadOutput))]
[JsonSerializable(typeof(SetOutput))]
[JsonSerializable(typeof(RolloutActionOutput))]
[JsonSerializable(typeof(RolloutStatusOutput))]
[JsonSerializable(typeof(ImportOutput))]
[JsonSerializable(typeof(HealthOutput))]
[JsonSerializable(typeof(SecretRotateOutput))]
[JsonSerializable(typeof(DiffOutput))]
[JsonSerializable(typeof(ShowVersionOutput))]
[JsonSerializable(typeof(ShowFileOutput))]
[JsonSerializable(typeof(UserChangeOutput))]
[JsonSerializable(typeof(IEnumerable<RenderRoleOutput>))]
[JsonSerializable(typeof(IEnumerable<DryRunRoleOutput>))]
[JsonSerializable(typeof(IEnumerable<AuditEntryOutput>))]
[JsonSerializable(typeof(IEnumerable<TokenRowOutput>))]
[JsonSerializable(typeof(IEnumerable<StatusRowOutput>))]
[JsonSerializable(typeof(IEnumerable<SecretRowOutput>))]
[JsonSerializable(typeof(IEnumerable<UserRowOutput>))]
internal sealed partial class CommandsJsonContext : JsonSerializerContext;
