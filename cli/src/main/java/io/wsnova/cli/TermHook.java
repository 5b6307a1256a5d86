package io.wsnova.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes SIGTERM (and Ctrl-C) end a long-running command cleanly with exit 0: a JVM shutdown hook that marks the stop,
 * interrupts the command's thread so every wait it is in ends at once, waits (bounded) until the command has closed
 * its connection and flushed its output, then halts the JVM with 0 (a JVM ended by a signal would otherwise exit
 * 143). On a normal end the command calls {@link #close()} first, which removes the hook, so {@code System.exit}
 * keeps the command's own exit code.
 * <p>
 * Used from the command's own thread only; the hook runs on the JVM's shutdown thread.
 */
final class TermHook implements AutoCloseable
{
    /** How long the hook waits for the command to close and flush. */
    static final long CLEANUP_TIMEOUT_MS = 10_000;

    private final Thread owner;
    private final PrintStream out;
    private final PrintStream err;
    private final String name;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;
    private volatile boolean finished;

    private TermHook(final String name, final PrintStream out, final PrintStream err)
    {
        this.name = name;
        this.out = out;
        this.err = err;
        this.owner = Thread.currentThread();
        this.hook = new Thread(this::onShutdown, "nova-" + name + "-shutdown");
    }

    /**
     * Installs the hook for the calling thread's command.
     *
     * @param name the command's name for messages.
     * @param out  the command's output, flushed before the halt.
     * @param err  the command's error stream.
     * @return the installed hook; close it when the command ends.
     */
    static TermHook install(final String name, final PrintStream out, final PrintStream err)
    {
        final TermHook termHook = new TermHook(name, out, err);
        Runtime.getRuntime().addShutdownHook(termHook.hook);
        return termHook;
    }

    /**
     * Ends the run from inside the process as SIGTERM would (the command's own end, e.g. a replay that has served
     * its recording): the owner's wait is interrupted and the run closes cleanly.
     */
    void end()
    {
        requested = true;
        owner.interrupt();
    }

    /**
     * Whether a shutdown (SIGTERM, Ctrl-C) was requested.
     *
     * @return true after the signal.
     */
    boolean requested()
    {
        return requested;
    }

    /**
     * Marks the command's clean-up done (connection closed, output flushed) and removes the hook; when a shutdown is
     * under way, lets the hook halt the JVM with exit 0.
     */
    @Override
    public void close()
    {
        finished = true;
        cleanedUp.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shutdownUnderWay)
        {
            // the hook is running: it halts the JVM once it sees cleanedUp
        }
    }

    private void onShutdown()
    {
        if (finished)
        {
            return;
        }
        requested = true;
        owner.interrupt();
        boolean clean = false;
        try
        {
            clean = cleanedUp.await(CLEANUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        out.flush();
        if (!clean)
        {
            err.println("nova " + name + ": stopped without a clean close (none within " + CLEANUP_TIMEOUT_MS +
                " ms)");
            err.flush();
            Runtime.getRuntime().halt(Main.EXIT_FAILURE);
        }
        Runtime.getRuntime().halt(Main.EXIT_OK);
    }
}
