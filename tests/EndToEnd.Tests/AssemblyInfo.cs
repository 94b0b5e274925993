// One system at a time: each app host starts RabbitMQ and five .NET processes on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
