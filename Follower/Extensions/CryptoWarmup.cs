using System.Security.Cryptography;

namespace PryvBus.Follower.Extensions;

/// <summary>
/// Loads the platform's crypto library (OpenSSL on Linux) and its SHA-256 and HMAC-SHA256, called off the main thread
/// at start so the first sync, which hashes the files and checks the version's HMAC, does not wait for it. Nothing is
/// verified here.
/// </summary>
public static class CryptoWarmup
{
    public static void Run()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData([], digest);
        HMACSHA256.HashData([0], [], digest);
    }
}
