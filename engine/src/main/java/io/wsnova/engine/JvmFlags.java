package io.wsnova.engine;

import io.wsnova.engine.api.NovaException;

/**
 * Checks, once per JVM, that the JVM was started with the flags wsnova's libraries need, so that a missing flag is
 * one {@link NovaException} naming it at connect instead of a raw {@code IllegalAccessError} thrown from inside
 * Agrona on the first buffer access.
 * <ul>
 *     <li>{@value #AGRONA_FLAG}: Agrona 2.x reaches {@code jdk.internal.misc.Unsafe}; without the export every
 *     JDK &gt;= 17 refuses the access.</li>
 *     <li>{@value #UNSAFE_FLAG}: JCTools 4 uses {@code sun.misc.Unsafe}; JDK &gt;= 23 warns without the flag, and a
 *     JVM started with {@code =deny} refuses it (then the check fails).</li>
 * </ul>
 * The check is cheap (a module export query and a system property) and runs on the connecting thread.
 */
final class JvmFlags
{
    static final String AGRONA_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";
    /** The system property the JVM derives from {@code --sun-misc-unsafe-memory-access}. */
    static final String UNSAFE_PROPERTY = "sun.misc.unsafe.memory.access";

    private static final String PROBLEM = problem(
        Object.class.getModule().isExported("jdk.internal.misc", JvmFlags.class.getModule()),
        System.getProperty(UNSAFE_PROPERTY));

    private JvmFlags()
    {
    }

    /**
     * Throws when a required flag is missing.
     *
     * @throws NovaException naming the missing flag and what to do.
     */
    static void check()
    {
        final String problem = PROBLEM;
        if (problem != null)
        {
            throw new NovaException(problem, null);
        }
    }

    /**
     * The message for what is missing, or null when the JVM is fit.
     *
     * @param internalMiscExported whether {@code jdk.internal.misc} is exported to wsnova's module.
     * @param unsafeMemoryAccess   the value of {@value #UNSAFE_PROPERTY}, or null when the flag was not given.
     * @return the message, or null.
     */
    static String problem(final boolean internalMiscExported, final String unsafeMemoryAccess)
    {
        if (!internalMiscExported)
        {
            return "this JVM was started without " + AGRONA_FLAG + ", which Agrona (wsnova's buffers) needs to " +
                "reach jdk.internal.misc.Unsafe; add it to the java command line (and " + UNSAFE_FLAG +
                " on JDK >= 23); see docs/EMBEDDING.md";
        }
        if ("deny".equals(unsafeMemoryAccess))
        {
            return "this JVM was started with --sun-misc-unsafe-memory-access=deny, but JCTools (wsnova's queues) " +
                "needs sun.misc.Unsafe; start it with " + UNSAFE_FLAG + " instead; see docs/EMBEDDING.md";
        }
        return null;
    }
}
