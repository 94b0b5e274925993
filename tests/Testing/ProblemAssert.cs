using Municipal.ServiceDefaults.Problems;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Municipal.Testing;

/// <summary>Asserts that an error answer is RFC 9457 problem details with the expected status and a known kind.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        HasKnownKind(problem);
        return problem;
    }

    /// <summary>The answer's <c>type</c> is one of the declared kinds, and comes with the status that kind has.</summary>
    public static ProblemType HasKnownKind(JsonElement problem)
    {
        var type = problem.TryGetProperty("type", out var t) ? t.GetString() : null;
        var code = ProblemType.CodeOf(type);
        Assert.True(code is not null, $"The problem answer has no kind of ours: type {type ?? "(none)"} in {problem}");
        var kind = ProblemCatalog.Find(code!);
        Assert.True(kind is not null, $"The problem kind '{code}' is declared nowhere (a ProblemType field) nor listed in docs/architecture.md: {problem}");
        if (problem.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number)
        {
            Assert.True(kind!.Status == status.GetInt32(), $"The kind '{code}' is a {kind.Status}, but came with {status.GetInt32()}: {problem}");
        }

        return kind!;
    }

    /// <summary>The coded errors of one field of a validation problem (<c>errorCodes</c>), each with its values.</summary>
    public static IReadOnlyList<JsonElement> FieldCodes(JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errorCodes", out var codes), $"The problem has no errorCodes: {problem}");
        Assert.True(codes.TryGetProperty(field, out var list), $"No errorCodes for '{field}': {problem}");
        return list.EnumerateArray().ToList();
    }

    /// <summary>Asserts a validation problem whose field carries this code (the first of its errors), and returns that error.</summary>
    public static async Task<JsonElement> IsFieldErrorAsync(HttpResponseMessage response, string field, string code)
    {
        var problem = await IsProblemAsync(response, ProblemTypes.Validation);
        var error = FieldCodes(problem, field)[0];
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    /// <summary>Asserts the answer is a problem of exactly this kind.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, ProblemType kind)
    {
        var problem = await IsProblemAsync(response, (HttpStatusCode)kind.Status);
        Assert.Equal(kind.Uri, problem.GetProperty("type").GetString());
        return problem;
    }
}

/// <summary>
/// The problem kinds a test knows: those declared in the Municipal assemblies loaded into the test process, and,
/// for a test that runs the services as processes (end to end), the kinds docs/architecture.md lists, which the
/// architecture tests keep equal to the declared ones.
/// </summary>
public static class ProblemCatalog
{
    public static IReadOnlyList<ProblemType> All => ProblemType.DeclaredIn(
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("Municipal.", StringComparison.Ordinal) == true && !a.IsDynamic)
            .ToArray());

    private static readonly Lazy<IReadOnlyDictionary<string, int>> Documented = new(DocumentedProblemKinds.Read);

    public static ProblemType? Find(string code) =>
        All.FirstOrDefault(k => k.Code == code)
        ?? (Documented.Value.TryGetValue(code, out var status) ? new ProblemType(code, status, code) : null);
}

/// <summary>
/// Fails a call whose answer is a problem without a declared kind: put in front of every client a
/// <see cref="ServiceFactory{TProgram}"/> gives, so each refusal any test provokes is checked.
/// </summary>
public sealed class ProblemKindCheck : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            ProblemAssert.HasKnownKind(JsonDocument.Parse(body).RootElement);
        }

        return response;
    }
}
