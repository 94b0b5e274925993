using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using System.Security.Claims;

namespace Municipal.Communities.Apis;

/// <summary>What a create route takes besides its body: the <c>Idempotency-Key</c> flow and the request it reads the key from.</summary>
internal sealed record CreateServices(
    IdempotentCreates<CommunitiesDbContext> Creates, IOptions<JsonOptions> Json, ClaimsPrincipal User, HttpRequest Request, HttpResponse Response);
