using Municipal.Edge.Admin;
using Municipal.Requests;
using Municipal.Requests.Apis;
using Municipal.Requests.Open311;

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
app.MapDefaultOpenApi("/api/requests");
app.MapCategoriesApi();
app.MapRequestsApi();
app.MapPlacementApi();
app.MapPhotosApi();
app.MapSubmitterPrivacyApi();
app.MapStatsApi();
app.MapFeedbackApi();
app.MapHandoffsApi();
app.MapAfterPhotosApi();
app.MapPublicPictureApi();
app.MapPlanApi();
app.MapOpen311KeysApi();
app.MapOpen311Api();
app.MapMessagingAdminApi("requests", Municipal.ServiceDefaults.Policies.Admin);

app.Run();

public partial class Program;
