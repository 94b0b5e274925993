using Municipal.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebClient();

var app = builder.Build();

app.UseWebClient();
app.MapWebClient();

app.Run();

public partial class Program;
