using Municipal.Messaging.Admin;
using Municipal.Scheduling;
using Municipal.Scheduling.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMunicipalAuthentication();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi("/api/scheduling");
app.UseAuthentication();
app.UseAuthorization();
app.MapVenuesApi();
app.MapProgrammesApi();
app.MapSessionsApi();
app.MapRegistrationsApi();
app.MapFeedsApi();
app.MapReportsApi();
app.MapMessagingAdminApi("scheduling", Municipal.ServiceDefaults.Policies.Admin);

app.Run();

public partial class Program;
