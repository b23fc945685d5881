namespace PryvBus.Leader.Accounts;

/// <summary>The content of the users file (<c>users.json</c> in the state folder).</summary>
public sealed class UsersDocument
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public List<OperatorAccount> Users { get; set; } = [];

    public OperatorAccount? Find(string name) => Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
}
