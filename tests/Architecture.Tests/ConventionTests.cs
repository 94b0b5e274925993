using Municipal.ServiceDefaults.Problems;
using Municipal.Testing;
using System.Text.RegularExpressions;

namespace Municipal.Architecture.Tests;

/// <summary>docs/architecture.md's conventions, checked: one edge kit, one shape per service, shared vocabulary once.</summary>
public sealed partial class ConventionTests
{
    [Fact]
    public void Every_declared_problem_kind_is_documented_with_its_status_and_every_documented_kind_is_declared()
    {
        var declared = ProblemType.DeclaredIn([.. SourceTree.MunicipalAssemblies]).ToDictionary(k => k.Code, k => k.Status);
        var documented = DocumentedProblemKinds.Read();

        var missing = declared.Where(k => !documented.ContainsKey(k.Key)).Select(k => $"{k.Key} ({k.Value})").ToList();
        var stale = documented.Keys.Where(code => !declared.ContainsKey(code)).ToList();
        var wrongStatus = declared.Where(k => documented.TryGetValue(k.Key, out var s) && s != k.Value)
            .Select(k => $"{k.Key}: declared {k.Value}, documented {documented[k.Key]}").ToList();

        Assert.True(missing.Count == 0, "Kinds missing from docs/architecture.md: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Kinds documented but declared nowhere: " + string.Join(", ", stale));
        Assert.True(wrongStatus.Count == 0, string.Join("; ", wrongStatus));
    }

    [GeneratedRegex(@"Refusal\.Invalid\(\s*""[^""]*""\s*,\s*\$?""")]
    private static partial Regex UncodedFieldError();

    /// <summary>
    /// A field error carries a code a client can say in its own language (docs/architecture.md, "Field errors are coded
    /// too"): a bare English message would reach the web client as "not valid". Open311 answers in the spec's own form.
    /// </summary>
    [Fact]
    public void Services_write_field_errors_with_a_code_not_a_bare_message()
    {
        var offenders = SourceTree.Services
            .SelectMany(s => SourceTree.CSharpFiles($"src/{s}"))
            .Where(f => !f.Contains("Open311", StringComparison.Ordinal))
            .Where(f => UncodedFieldError().IsMatch(SourceTree.Read(f)))
            .ToList();
        Assert.True(offenders.Count == 0, "Refusal.Invalid(field, \"message\") without a FieldError: " + string.Join(", ", offenders));
    }

    [Fact]
    public void A_problem_kind_code_has_one_status_in_every_service_that_declares_it()
    {
        var duplicates = SourceTree.MunicipalAssemblies
            .SelectMany(a => ProblemType.DeclaredIn(a))
            .GroupBy(k => k.Code)
            .Where(g => g.Select(k => k.Status).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Endpoints_and_domain_code_never_save_changes()
    {
        var offenders = SourceTree.Services
            .SelectMany(s => SourceTree.CSharpFiles($"src/{s}"))
            .Where(f => f.Contains("/Apis/", StringComparison.Ordinal) || f.Contains("/Domain/", StringComparison.Ordinal))
            .Where(f => SourceTree.Read(f).Contains("SaveChanges", StringComparison.Ordinal))
            .ToList();
        Assert.True(offenders.Count == 0, "SaveChanges belongs to the use cases in Application/ (docs/architecture.md): " + string.Join(", ", offenders));
    }

    [Fact]
    public void No_source_file_is_over_400_lines()
    {
        var long_ = SourceTree.CSharpFiles()
            .Select(f => (File: f, Lines: File.ReadLines(Path.Combine(SourceTree.Root, f)).Count()))
            .Where(f => f.Lines > 400)
            .Select(f => $"{f.File} ({f.Lines})")
            .ToList();
        Assert.True(long_.Count == 0, "Over 400 lines: " + string.Join(", ", long_));
    }

    [Fact]
    public void Every_service_has_the_same_shape_and_none_keeps_its_own_edge_helpers()
    {
        var faults = new List<string>();
        foreach (var service in SourceTree.Services)
        {
            var root = Path.Combine(SourceTree.Src, service);
            foreach (var folder in new[] { "Apis", "Application", "Domain", "Infrastructure" })
            {
                if (!Directory.Exists(Path.Combine(root, folder)))
                {
                    faults.Add($"{service} has no {folder}/");
                }
            }

            foreach (var retired in new[] { "Handlers", "Data" })
            {
                if (Directory.Exists(Path.Combine(root, retired)) && Directory.EnumerateFiles(Path.Combine(root, retired), "*.cs").Any())
                {
                    faults.Add($"{service} has use cases or code in {retired}/, not Application/");
                }
            }

            foreach (var copy in new[] { "Apis/Http.cs", "Apis/ApiSupport.cs", "Application/Failure.cs", "Handlers/Outcome.cs" })
            {
                if (File.Exists(Path.Combine(root, copy)))
                {
                    faults.Add($"{service} keeps {copy}");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join("; ", faults));
    }

    [Fact]
    public void Paging_results_and_the_Thai_calendar_are_defined_once()
    {
        string[] once = ["Page`1", "Paging", "Result`1", "Failure", "Outcome", "FiscalYear", "BangkokTime", "IdempotencyRecord", "OfficeRoleCodes"];
        var copies = SourceTree.MunicipalAssemblies
            .SelectMany(a => a.GetTypes().Select(t => (Assembly: a.GetName().Name, Type: t)))
            .Where(t => once.Contains(t.Type.Name))
            .GroupBy(t => t.Type.Name)
            .Where(g => g.Count() > 1 || g.Key is "Failure" or "Outcome")
            .Select(g => $"{g.Key} in {string.Join(", ", g.Select(t => t.Type.FullName))}")
            .ToList();
        Assert.True(copies.Count == 0, "Defined more than once, or retired: " + string.Join("; ", copies));
    }

    [Fact]
    public void The_Bangkok_offset_is_written_only_in_the_Thai_calendar()
    {
        var offenders = SourceTree.CSharpFiles()
            .Where(f => !f.StartsWith("src/ThaiCalendar/", StringComparison.Ordinal))
            .Where(f => BangkokOffset().IsMatch(SourceTree.Read(f)))
            .ToList();
        Assert.True(offenders.Count == 0, "Use Municipal.ThaiCalendar.BangkokTime: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Contracts_hold_message_records_and_the_codes_they_carry_only()
    {
        var contracts = SourceTree.MunicipalAssemblies.Single(a => a.GetName().Name == "Municipal.Contracts");
        var other = contracts.GetTypes()
            .Where(t => t.IsPublic)
            .Where(t => !(t.IsClass && t.GetMethod("<Clone>$") is not null)) // records
            .Where(t => !(t.IsAbstract && t.IsSealed && t.GetMethods().All(m => m.DeclaringType != t))) // static classes of codes, no methods
            .Select(t => t.FullName)
            .ToList();
        Assert.True(other.Count == 0, "Not a message record or a class of codes: " + string.Join(", ", other));
    }

    [Fact]
    public void A_service_Program_shows_every_middleware_it_uses()
    {
        foreach (var service in SourceTree.Services)
        {
            var program = SourceTree.Read($"src/{service}/Program.cs");
            foreach (var middleware in new[] { "UseCorrelationId", "UseExceptionHandler", "UseStatusCodePages", "UseControlCharacterGuard", "UseAuthentication", "UseAuthorization" })
            {
                Assert.True(program.Contains($"app.{middleware}(", StringComparison.Ordinal), $"{service}'s Program.cs does not show {middleware}");
            }
        }

        var defaults = SourceTree.Read("src/ServiceDefaults/Extensions.cs");
        var mapDefaults = defaults[defaults.IndexOf("public static WebApplication MapDefaultEndpoints", StringComparison.Ordinal)..];
        mapDefaults = mapDefaults[..(mapDefaults.IndexOf("\n    }", StringComparison.Ordinal) + 1)];
        Assert.DoesNotContain(".Use", mapDefaults, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"FromHours\(\s*7\s*\)|TimeSpan\(\s*7\s*,\s*0\s*,\s*0\s*\)")]
    private static partial Regex BangkokOffset();
}
