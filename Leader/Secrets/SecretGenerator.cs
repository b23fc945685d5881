using System.Security.Cryptography;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Secrets;

/// <summary>Generates secret values with the operating system's cryptographic RNG, uniformly over the alphabet.</summary>
public static class SecretGenerator
{
    public static string Generate(SecretSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return RandomNumberGenerator.GetString(spec.Alphabet, spec.Length);
    }
}
