using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace CrmReco.Core.Import;

/// <summary>
/// Runs an enumeration (reading, normalizing and keying a file's rows) on its own thread, a bounded number of
/// batches ahead of the consumer (the database load), so the two use both cores. Memory stays bounded by
/// <c>batchSize × batches</c> items. The source's side effects (rejects, stubs, counts) are complete and visible
/// once the consumer has read everything; an exception of the source is rethrown to the consumer; a consumer that
/// stops early stops the producer before returning.
/// </summary>
internal static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, CancellationToken cancellationToken, int batchSize = 512, int batches = 16)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<T[]>(batches);
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    var batch = new T[batchSize];
                    var count = 0;
                    foreach (var item in source)
                    {
                        batch[count++] = item;
                        if (count == batchSize)
                        {
                            queue.Add(batch, stop.Token);
                            batch = new T[batchSize];
                            count = 0;
                        }
                    }

                    if (count > 0)
                    {
                        Array.Resize(ref batch, count);
                        queue.Add(batch, stop.Token);
                    }
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
                finally
                {
                    queue.CompleteAdding();
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

            producer.Wait(CancellationToken.None);
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // the producer records its own failures; nothing else can escape it
            }
        }
    }
}
