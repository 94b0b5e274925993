using Municipal.Requests;
using Municipal.Requests.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMunicipalAuthentication();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi("/api/requests");
app.UseAuthentication();
app.UseAuthorization();
app.MapRequestsApi();

app.Run();

public partial class Program;
