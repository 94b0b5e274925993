// One system at a time: each starts RabbitMQ and five .NET processes on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
