using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Each service publishes its OpenAPI document under its own gateway prefix, so the gateway can serve
/// them all: <c>/api/{service}/openapi/v1.json</c>. Signed-in operations carry the bearer scheme.
/// </summary>
public static class OpenApiDefaults
{
    public const string BearerScheme = "Bearer";

    public static TBuilder AddDefaultOpenApi<TBuilder>(this TBuilder builder, string title) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = title;
                // Served through the gateway: calls go to the origin the document was read from.
                document.Servers?.Clear();
                document.Info.Description = "Part of Municipal. Errors are RFC 9457 problem details; lists answer { items, total }.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from the municipality's sign-in (in Development: POST /dev/token at the gateway).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
                if (signedIn)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                    });
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <param name="prefix">The service's path prefix at the gateway, e.g. <c>/api/requests</c>.</param>
    public static IEndpointConventionBuilder MapDefaultOpenApi(this WebApplication app, string prefix) =>
        app.MapOpenApi(prefix.TrimEnd('/') + "/openapi/{documentName}.json").AllowAnonymous();
}
