using Municipal.Communities;
using Municipal.Communities.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMunicipalAuthentication();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi("/api/communities");
app.UseAuthentication();
app.UseAuthorization();
app.MapCommunitiesApi();
app.MapPeopleApi();
app.MapOfficesApi();
app.MapDivisionsApi();
app.MapTransferApi();

app.Run();

public partial class Program;
