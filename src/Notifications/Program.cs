using Municipal.Edge.Admin;
using Municipal.Notifications;
using Municipal.Notifications.Apis;

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
app.MapDefaultOpenApi("/api/notifications");
app.MapInboxApi();
app.MapPreferencesApi();
app.MapDeliveriesApi();
app.MapAnnouncementsApi();
app.MapLineWebhookApi();
app.MapMessagingAdminApi("notifications", Municipal.ServiceDefaults.Policies.Admin);

app.Run();

public partial class Program;
