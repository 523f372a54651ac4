using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace CrmReco.Core.Import;

/// <summary>
/// Runs an enumeration on a thread of its own, a bounded number of batches ahead of its consumer: reading,
/// normalizing and keying a file's rows (one core) overlaps with loading them (the other core, or the database
/// server). Memory stays bounded by <c>batchSize × batches</c> items.
/// </summary>
/// <remarks>Few items in flight: an item alive when a collection runs is promoted, and rows that outlived two
/// collections in the queue ended in generation 2 as garbage that grew with the file until a full collection
/// (8 batches of 1,024 rows: 25–40 MB more at the peak of a 1M-line SQLite load than 2 batches of 512, at the
/// same speed; docs/benchmarks.md).
/// The source runs on the other thread: whatever it writes (rejects, stubs, row counts) may be read by the
/// consumer once the enumeration is over, not during it. Stopping early (the consumer failed) stops the source
/// and waits for it, so the caller may dispose what the source reads from.</remarks>
internal static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int batchSize = 512, int batches = 2)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        return Enumerate(source, batchSize, batches);
    }

    private static IEnumerable<T> Enumerate<T>(IEnumerable<T> source, int batchSize, int batches)
    {
        using var queue = new BlockingCollection<List<T>>(batches);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Factory.StartNew(
            () =>
            {
                var batch = new List<T>(batchSize);
                try
                {
                    foreach (var item in source)
                    {
                        batch.Add(item);
                        if (batch.Count == batchSize)
                        {
                            queue.Add(batch, stop.Token);
                            batch = new List<T>(batchSize);
                        }
                    }

                    Flush();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // the consumer stopped first
                }
                catch (Exception ex)
                {
                    // rethrown to the consumer after the items read before it
                    failure = ExceptionDispatchInfo.Capture(ex);
                    try
                    {
                        Flush();
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        // the consumer stopped first
                    }
                }
                finally
                {
                    queue.CompleteAdding();
                }

                void Flush()
                {
                    if (batch.Count > 0)
                    {
                        queue.Add(batch, stop.Token);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                foreach (var item in batch)
                {
                    yield return item;
                }
            }

            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            producer.Wait();
        }
    }
}
