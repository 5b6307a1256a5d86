import io.wsnova.benchmarks.TickerDecodeBenchmark;
import java.util.function.LongUnaryOperator;

public class Loop implements LongUnaryOperator
{
    private final TickerDecodeBenchmark b = new TickerDecodeBenchmark();
    private final int mode;
    private final io.wsnova.codec.json.JsonParser parser = new io.wsnova.codec.json.JsonParser();
    private final org.agrona.concurrent.UnsafeBuffer buf = new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(4096));
    private final int len;

    public Loop(final String mode)
    {
        b.setUp();
        this.mode = Integer.parseInt(mode);
        final byte[] t;
        try
        {
            final java.lang.reflect.Field f = TickerDecodeBenchmark.class.getDeclaredField("TICKER");
            f.setAccessible(true);
            t = ((String) f.get(null)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (final Exception e)
        {
            throw new RuntimeException(e);
        }
        buf.putBytes(16, t);
        len = t.length;
    }

    public long applyAsLong(final long n)
    {
        long s = 0;
        try
        {
            for (long i = 0; i < n; i++)
            {
                switch (mode)
                {
                    case 0: s += b.wsnovaPooled(); break;
                    case 1: s += b.dslJsonFromString(); break;
                    case 2: s += b.wsnovaPooledUnusualNumbers(); break;
                    case 3: s += b.jacksonFromString(); break;
                    case 4:
                    {
                        parser.wrap(buf, 16, len);
                        int tk;
                        while ((tk = parser.nextToken()) > 0) { s += tk; }
                        break;
                    }
                    case 5: s += parser.wrap(buf, 16, len); break;
                    case 6: s += io.wsnova.codec.utf8.Utf8Validator.isValid(buf, 16, len) ? 1 : 0; break;
                    default: throw new IllegalStateException();
                }
            }
        }
        catch (final java.io.IOException e)
        {
            throw new RuntimeException(e);
        }
        return s;
    }
}
