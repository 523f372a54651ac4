using CrmReco.Core.Import;

namespace CrmReco.Core.Tests.Pipeline;

public sealed class ReadAheadTests
{
    [Fact]
    public void Of_ManyItems_YieldsThemAllInOrder()
    {
        var items = ReadAhead.Of(Enumerable.Range(0, 10_007), batchSize: 100, batches: 2).ToList();

        Assert.Equal(Enumerable.Range(0, 10_007), items);
    }

    [Fact]
    public void Of_SourceRunsOnAnotherThread()
    {
        var consumer = Environment.CurrentManagedThreadId;
        int? producer = null;

        _ = ReadAhead.Of(Source()).ToList();

        Assert.NotNull(producer);
        Assert.NotEqual(consumer, producer);

        IEnumerable<int> Source()
        {
            producer = Environment.CurrentManagedThreadId;
            yield return 1;
        }
    }

    [Fact]
    public void Of_SourceFails_ItemsBeforeTheFailureThenTheSameException()
    {
        var seen = new List<int>();

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var item in ReadAhead.Of(Failing(), batchSize: 10, batches: 2))
            {
                seen.Add(item);
            }
        });

        Assert.Equal("line 25 is corrupt", error.Message);
        Assert.Equal(Enumerable.Range(0, 25), seen);

        static IEnumerable<int> Failing()
        {
            for (var i = 0; ; i++)
            {
                if (i == 25)
                {
                    throw new InvalidDataException("line 25 is corrupt");
                }

                yield return i;
            }
        }
    }

    [Fact]
    public void Of_ConsumerSlow_SourceStaysABoundedNumberOfBatchesAhead()
    {
        var produced = 0;
        using var enumerator = ReadAhead.Of(Counting(), batchSize: 10, batches: 3).GetEnumerator();

        Assert.True(enumerator.MoveNext());
        Thread.Sleep(200); // the source runs ahead as far as the queue lets it

        // The batch being read, three queued and one waiting to be queued: at most 5 × 10 items.
        Assert.InRange(Volatile.Read(ref produced), 10, 50);

        IEnumerable<int> Counting()
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                Interlocked.Increment(ref produced);
                yield return i;
            }
        }
    }

    [Fact]
    public void Of_ConsumerStopsEarly_SourceIsStoppedAndDisposedBeforeReturning()
    {
        var disposed = false;

        var first = ReadAhead.Of(Endless(), batchSize: 10, batches: 2).Take(15).ToList();

        // Disposing the enumeration waited for the source: what it reads from may be closed now.
        Assert.True(disposed);
        Assert.Equal(Enumerable.Range(0, 15), first);

        IEnumerable<int> Endless()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                disposed = true;
            }
        }
    }
}
