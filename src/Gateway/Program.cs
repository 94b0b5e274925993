using Municipal.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMunicipalAuthentication();
builder.AddGateway();

var app = builder.Build();

app.UseGateway();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapReverseProxy();
// What no route takes is 404, whatever the method: without this, a POST to a path only the web client's GET/HEAD
// catch-all matches would be 405 (e.g. POST /dev/token outside Development).
app.MapFallback("/{**path}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such route."));

app.Run();

public partial class Program;
