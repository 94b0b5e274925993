using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Tests;

public sealed class ProblemKindsTests
{
    [Fact]
    public void Every_kind_scheduling_declares_is_in_the_problem_kinds_table_of_its_docs()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "scheduling.md"));
        var table = docs[docs.IndexOf("## Problem kinds", StringComparison.Ordinal)..];
        Assert.All(ProblemType.DeclaredIn(typeof(SchedulingProblems).Assembly),
            kind => Assert.Contains($"| `{kind.Code}` | {kind.Status} |", table));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Municipal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Municipal.sln) was not found.");
    }
}
