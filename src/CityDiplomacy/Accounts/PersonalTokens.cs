using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CityDiplomacy.Accounts;

/// <summary>
/// Personal API tokens: « cd_ » and 43 characters of base64url (32 random bytes). Only the lowercase hex SHA-256 of the
/// token is stored, with its first <see cref="PrefixLength"/> characters to recognise it in a list.
/// </summary>
public static class PersonalTokens
{
    public const string Marker = "cd_";
    public const int Length = 46;
    public const int PrefixLength = 10;
    public const int MaxNameLength = 200;

    /// <summary>A new token for the user: the entity to save and the secret, to show once and never again.</summary>
    public static (ApiToken Token, string Secret) Create(string userId, string name, DateTime now)
    {
        var secret = Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (new ApiToken
        {
            UserId = userId,
            Name = name,
            Hash = Hash(secret),
            Prefix = secret[..PrefixLength],
            CreatedAt = now,
        }, secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Shape only: lets a malformed bearer value fail without a database query.</summary>
    public static bool IsWellFormed(string? secret) =>
        secret is { Length: Length } && secret.StartsWith(Marker, StringComparison.Ordinal)
        && secret.AsSpan(Marker.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;
}
