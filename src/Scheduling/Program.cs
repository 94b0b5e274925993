using Municipal.Edge.Admin;
using Municipal.Scheduling;
using Municipal.Scheduling.Apis;

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
app.MapDefaultOpenApi("/api/scheduling");
app.MapVenuesApi();
app.MapProgrammesApi();
app.MapSessionsApi();
app.MapInvitationsApi();
app.MapSessionRegistrationsApi();
app.MapCheckInApi();
app.MapRaisedIssuesApi();
app.MapCalendarsApi();
app.MapRegistrationsApi();
app.MapFeedsApi();
app.MapReportsApi();
app.MapMessagingAdminApi("scheduling", Municipal.ServiceDefaults.Policies.Admin);

app.Run();

public partial class Program;
