// One system and one browser for the browser tests, which run one after another (Chromium is heavy on 2 cores).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
