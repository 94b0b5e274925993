using System.Text.Json;

namespace Municipal.Scheduling.Tests;

internal static class Json
{
    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();
}
