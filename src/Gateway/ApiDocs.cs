using Municipal.ServiceDefaults;
using Scalar.AspNetCore;

namespace Municipal.Gateway;

/// <summary>
/// <c>/docs</c>: one API reference for the whole system, built from each service's OpenAPI document
/// (fetched through the gateway's own routes). In Development, while the gateway listens on loopback only
/// (<see cref="DevelopmentDoor"/>), the page comes with a fresh admin token, so calls can be tried at once; other
/// roles from <c>POST /dev/token</c>.
/// </summary>
internal static class ApiDocs
{
    public static readonly (string Name, string Title)[] Services =
    [
        ("communities", "Communities: the registry"),
        ("scheduling", "Scheduling: meetings"),
        ("requests", "Requests: problems, needs and the development plan"),
        ("notifications", "Notifications"),
    ];

    public static void MapApiDocs(this WebApplication app)
    {
        var door = app.Services.GetRequiredService<DevelopmentDoor>();
        app.MapScalarApiReference("/docs", (options, _) =>
        {
            options.WithTitle("Municipal API");
            // The page calls no host the municipality did not choose: Scalar's default fonts come from its CDN, and its
            // telemetry reports to Scalar; the script itself is served by the gateway.
            options.DisableDefaultFonts().DisableTelemetry();
            foreach (var (name, title) in Services)
            {
                options.AddDocument(name, title, $"/api/{name}/openapi/v1.json", isDefault: name == "requests");
            }

            options.AddPreferredSecuritySchemes([OpenApiDefaults.BearerScheme]);
            if (door.IsOpen)
            {
                var issuer = app.Services.GetRequiredService<DevTokenIssuer>();
                var token = issuer.Issue(new DevTokenRequest { Sub = "docs-admin", Name = "Docs admin", Roles = [Roles.Admin] });
                options.AddHttpAuthentication(OpenApiDefaults.BearerScheme, scheme => scheme.Token = token);
            }
        }).AllowAnonymous();
    }
}
