namespace PryvBus.Leader.Commands;

/// <summary>One operator in <c>users list</c>.</summary>
internal sealed record UserRowOutput(string Name, string Role, bool Disabled, bool Password, int Tokens, string Created);
