using Municipal.Testing;

namespace Municipal.Scheduling.Tests;

public sealed class SchedulingFactory() : ServiceFactory<Program>(Extensions.EndpointName);
