import io.wsnova.benchmarks.VenueDecodeBenchmark;
import java.util.function.LongUnaryOperator;

public class VLoop implements LongUnaryOperator
{
    private final VenueDecodeBenchmark b = new VenueDecodeBenchmark();

    public VLoop(final String message)
    {
        b.message = message;
        b.setUp();
    }

    public long applyAsLong(final long n)
    {
        long s = 0;
        for (long i = 0; i < n; i++)
        {
            s += b.wsnovaDecode();
        }
        return s;
    }
}
