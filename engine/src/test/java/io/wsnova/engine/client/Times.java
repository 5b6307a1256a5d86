package io.wsnova.engine.client;

import io.wsnova.engine.runtime.EngineTime;
import io.wsnova.testkit.FakeClock;

/**
 * The engine's time on a test kit {@link FakeClock} (the test kit depends on no wsnova module, so it cannot build an
 * {@link EngineTime} itself).
 */
final class Times
{
    private Times()
    {
    }

    static EngineTime engineTime(final FakeClock clock)
    {
        return new EngineTime(clock, clock, clock.timer());
    }
}
