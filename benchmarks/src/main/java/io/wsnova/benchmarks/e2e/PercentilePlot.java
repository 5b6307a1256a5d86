package io.wsnova.benchmarks.e2e;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws latency by percentile as a PNG, the way HdrHistogram's plotter does: the x axis is {@code 1/(1-p)} on a
 * log scale (so 90%, 99%, 99.9%... are evenly spaced), one line per client. The y axis is log-scaled too, because
 * the clients span several orders of magnitude. Plain Java2D, headless.
 */
final class PercentilePlot
{
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 820;
    private static final int LEFT = 90;
    private static final int RIGHT = 300;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Color[] PALETTE = {
        new Color(0x000000), new Color(0xD62728), new Color(0xFF7F0E), new Color(0x8C1C13), new Color(0x1F77B4),
        new Color(0x2CA02C), new Color(0x9467BD), new Color(0x17BECF), new Color(0xBCBD22), new Color(0x7F7F7F),
    };

    /**
     * One line.
     *
     * @param name      legend label.
     * @param histogram latencies in nanoseconds.
     * @param emphasis  drawn thicker (wsnova's lines).
     * @param dashed    drawn dashed (the baseline).
     */
    record Series(String name, Histogram histogram, boolean emphasis, boolean dashed)
    {
    }

    private PercentilePlot()
    {
    }

    static void write(final Path file, final String title, final List<Series> series) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        long maxCount = 1;
        double minUs = Double.MAX_VALUE;
        double maxUs = 0;
        for (final Series s : series)
        {
            final Histogram h = s.histogram();
            if (h.getTotalCount() > 0)
            {
                maxCount = Math.max(maxCount, h.getTotalCount());
                minUs = Math.min(minUs, Math.max(0.1, h.getValueAtPercentile(0) / 1000.0));
                maxUs = Math.max(maxUs, h.getMaxValue() / 1000.0);
            }
        }
        if (maxUs == 0)
        {
            minUs = 1;
            maxUs = 10;
        }
        final int xDecades = (int)Math.max(1, Math.min(6, Math.ceil(Math.log10(maxCount))));
        final double yMin = Math.floor(Math.log10(minUs));
        final double yMax = Math.max(yMin + 1, Math.ceil(Math.log10(maxUs)));

        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            final Frame frame = new Frame(xDecades, yMin, yMax);
            drawAxes(g, frame, title);
            for (int i = 0; i < series.size(); i++)
            {
                drawSeries(g, frame, series.get(i), PALETTE[i % PALETTE.length], i);
            }
        }
        finally
        {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private record Frame(int xDecades, double yMin, double yMax)
    {
        int x(final double decades)
        {
            return LEFT + (int)Math.round(decades / xDecades * (WIDTH - LEFT - RIGHT));
        }

        int y(final double us)
        {
            final double position = (Math.log10(Math.max(us, Math.pow(10, yMin))) - yMin) / (yMax - yMin);
            return HEIGHT - BOTTOM - (int)Math.round(Math.min(1, position) * (HEIGHT - TOP - BOTTOM));
        }
    }

    private static void drawAxes(final Graphics2D g, final Frame f, final String title)
    {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, TOP - 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int d = 0; d <= f.xDecades(); d++)
        {
            final int x = f.x(d);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            final String label = d == 0 ? "0%" : percentLabel(d);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
        }
        g.drawString("percentile", (WIDTH - RIGHT + LEFT) / 2 - 30, HEIGHT - BOTTOM + 45);
        for (int e = (int)f.yMin(); e <= (int)f.yMax(); e++)
        {
            for (final int m : new int[]{1, 2, 5})
            {
                final double us = m * Math.pow(10, e);
                if (Math.log10(us) > f.yMax() + 1e-9)
                {
                    continue;
                }
                final int y = f.y(us);
                g.setColor(m == 1 ? new Color(0xCCCCCC) : new Color(0xEEEEEE));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                if (m == 1)
                {
                    g.setColor(Color.BLACK);
                    final String label = latencyLabel(us);
                    g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), y + 5);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.rotate(-Math.PI / 2);
        g.drawString("latency (intended send to handler)", -(HEIGHT + 200) / 2, 20);
        g.rotate(Math.PI / 2);
    }

    private static void drawSeries(
        final Graphics2D g, final Frame f, final Series series, final Color color, final int index)
    {
        final Histogram histogram = series.histogram();
        final float width = series.emphasis() ? 3f : 1.7f;
        g.setStroke(series.dashed() ?
            new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[]{8f, 6f}, 0f) :
            new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(color);
        if (histogram.getTotalCount() > 0)
        {
            final Path2D.Double path = new Path2D.Double();
            boolean first = true;
            final double maxDecades = f.xDecades();
            for (final HistogramIterationValue value : histogram.percentiles(5))
            {
                final double p = value.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 1.0)
                {
                    break;
                }
                final double decades = Math.log10(1 / (1 - p));
                if (decades > maxDecades)
                {
                    break;
                }
                final double us = histogram.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0;
                if (first)
                {
                    path.moveTo(f.x(decades), f.y(us));
                    first = false;
                }
                else
                {
                    path.lineTo(f.x(decades), f.y(us));
                }
            }
            g.draw(path);
        }
        final int legendY = TOP + 20 + index * 24;
        g.drawLine(WIDTH - RIGHT + 20, legendY - 5, WIDTH - RIGHT + 50, legendY - 5);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, series.emphasis() ? Font.BOLD : Font.PLAIN, 13));
        g.drawString(series.name(), WIDTH - RIGHT + 58, legendY);
    }

    private static String percentLabel(final int decades)
    {
        return String.format(Locale.ROOT, "%." + Math.max(0, decades - 2) + "f%%", 100 - 100 / Math.pow(10, decades));
    }

    private static String latencyLabel(final double us)
    {
        if (us >= 1_000_000)
        {
            return Math.round(us / 1_000_000) + " s";
        }
        if (us >= 1000)
        {
            return Math.round(us / 1000) + " ms";
        }
        if (us >= 1)
        {
            return Math.round(us) + " us";
        }
        return Math.round(us * 1000) + " ns";
    }
}
