using Municipal.Communities;
using Municipal.Communities.Apis;
using Municipal.Edge.Admin;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMunicipalAuthentication();
builder.AddApplicationServices();

var app = builder.Build();

app.UseCorrelationId();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseControlCharacterGuard();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi("/api/communities");
app.MapCommunitiesApi();
app.MapPeopleApi();
app.MapOfficesApi();
app.MapDivisionsApi();
app.MapTransferApi();
app.MapAccountsApi();
app.MapMessagingAdminApi("communities", Municipal.ServiceDefaults.Policies.Admin);

app.Run();

public partial class Program;
