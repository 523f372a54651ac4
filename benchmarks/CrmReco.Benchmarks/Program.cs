using BenchmarkDotNet.Running;

// `dotnet run -c Release --project benchmarks/CrmReco.Benchmarks -- --filter '*'` runs them all;
// see docs/benchmarks.md for the committed results.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
