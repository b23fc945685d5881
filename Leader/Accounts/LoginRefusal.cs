namespace PryvBus.Leader.Accounts;

/// <summary>Why a password login failed: the console shows one message for both (it must not tell which).</summary>
public enum LoginRefusal
{
    None,
    WrongCredentials,
    LockedOut,
}
