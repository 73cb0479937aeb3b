// A minimal API returning a small constant JSON object: what ASP.NET Core and Kestrel cost without any application
// work. bench/http.sh compares the CityDiplomacy endpoints with it (requests per second, latency).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/", () => TypedResults.Ok(new Bare("45284", "Orléans", 2)));
app.Run();

internal sealed record Bare(string Code, string Name, int Engagements);
