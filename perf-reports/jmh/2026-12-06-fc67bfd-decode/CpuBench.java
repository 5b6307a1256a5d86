import io.wsnova.benchmarks.*;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

public class CpuBench
{
    static long sink;
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    static double measure(LongSupplier op, int n)
    {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 7; round++)
        {
            final long t0 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) sink += op.getAsLong();
            final long t = MX.getCurrentThreadCpuTime() - t0;
            if (round >= 2) best = Math.min(best, t);
        }
        return (double) best / n;
    }

    public static void main(String[] args) throws Exception
    {
        final int n = Integer.getInteger("n", 200_000);
        TickerDecodeBenchmark t = new TickerDecodeBenchmark();
        t.setUp();
        for (int w = 0; w < 3; w++) { measure(t::wsnovaPooled, n); measure(() -> { try { return t.dslJsonFromString(); } catch (Exception e) { throw new RuntimeException(e);} }, n); }
        System.out.printf("ticker wsnova %.1f ns cpu/op%n", measure(t::wsnovaPooled, n));
        System.out.printf("ticker dsljson %.1f ns cpu/op%n", measure(() -> { try { return t.dslJsonFromString(); } catch (Exception e) { throw new RuntimeException(e);} }, n));
        for (String m : args)
        {
            VenueDecodeBenchmark v = new VenueDecodeBenchmark();
            v.message = m;
            v.setUp();
            for (int w = 0; w < 3; w++) measure(v::wsnovaDecode, n);
            System.out.printf("%s %.1f ns cpu/op%n", m, measure(v::wsnovaDecode, n));
        }
    }
}
