import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.*;
import java.util.function.LongUnaryOperator;

public class Harness
{
    public static void main(final String[] args) throws Exception
    {
        // args: rounds batch jar:mode ...
        final int rounds = Integer.parseInt(args[0]);
        final int batch = Integer.parseInt(args[1]);
        final List<String> names = new ArrayList<>();
        final List<LongUnaryOperator> ops = new ArrayList<>();
        final Map<String, ClassLoader> loaders = new HashMap<>();
        for (int a = 2; a < args.length; a++)
        {
            final String[] jm = args[a].split(":");
            final ClassLoader cl = loaders.computeIfAbsent(jm[0], j -> {
                try
                {
                    return new URLClassLoader(new URL[]{Path.of(j).toUri().toURL(), Path.of("/tmp/decode/h/").toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                }
                catch (Exception e) { throw new RuntimeException(e); }
            });
            final Class<?> c = Class.forName(jm.length > 2 ? "VLoop" : "Loop", true, cl);
            ops.add((LongUnaryOperator) c.getConstructor(String.class).newInstance(jm[1]));
            names.add(Path.of(jm[0]).getFileName() + ":" + jm[1]);
        }
        final int n = ops.size();
        final double[][] samples = new double[n][rounds];
        long sink = 0;
        for (int w = 0; w < 3; w++) for (int k = 0; k < n; k++) sink += ops.get(k).applyAsLong(batch * 20L);
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < n; k++)
            {
                final long t0 = System.nanoTime();
                sink += ops.get(k).applyAsLong(batch);
                samples[k][r] = (System.nanoTime() - t0) / (double) batch;
            }
        }
        for (int k = 0; k < n; k++)
        {
            Arrays.sort(samples[k]);
            System.out.printf("%-16s min %8.1f  p10 %8.1f  median %8.1f ns/op%n", names.get(k), samples[k][0],
                samples[k][rounds / 10], samples[k][rounds / 2]);
        }
        System.out.println("sink " + (sink & 1));
    }
}
