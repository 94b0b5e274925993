using Microsoft.Extensions.Hosting;

namespace Municipal.Testing;

/// <summary>Tests mint their own tokens, signed with the key the hosts under test are given.</summary>
public static class TestTokens
{
    public const string SigningKey = "municipal-tests-only-signing-key-0123456789";

    private static readonly DevTokenIssuer Issuer = new(new MunicipalAuthOptions { SigningKey = SigningKey }, TimeProvider.System);

    public static string For(
        string subject, IReadOnlyList<string> roles, Guid? community = null, string? division = null, TimeSpan? lifetime = null, string? name = null) =>
        Issuer.Issue(new DevTokenRequest
        {
            Sub = subject,
            Name = name ?? subject,
            Roles = roles,
            Community = community?.ToString(),
            Division = division,
        }, lifetime);

    /// <summary>A token signed with another key: valid in form, not trusted.</summary>
    public static string ForeignlySigned(string subject, params string[] roles) =>
        new DevTokenIssuer(new MunicipalAuthOptions { SigningKey = "somebody-else-entirely-0123456789-abcdef" }, TimeProvider.System)
            .Issue(new DevTokenRequest { Sub = subject, Roles = roles });
}
