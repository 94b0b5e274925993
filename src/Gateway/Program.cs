using Municipal.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMunicipalAuthentication();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGateway();
app.MapReverseProxy();

app.Run();

public partial class Program;
