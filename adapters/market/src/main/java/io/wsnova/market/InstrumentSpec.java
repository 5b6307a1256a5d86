package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

/**
 * The static facts of an instrument that the numbers of its events need: tick size (price increment), lot size
 * (size increment), contract multiplier (what one unit of size is worth in the underlying; 1 for spot) and what a
 * size counts ({@link QuantityUnit}). Immutable: the accessors return copies made at construction, which a caller
 * must not mutate.
 */
public final class InstrumentSpec
{
    private final Decimal tickSize;
    private final Decimal lotSize;
    private final Decimal contractMultiplier;
    private final QuantityUnit quantityUnit;

    /**
     * Creates a spec; the decimals are copied.
     *
     * @param tickSize           the price increment.
     * @param lotSize            the size increment.
     * @param contractMultiplier the value of one unit of size in the underlying (1 for spot).
     * @param quantityUnit       what a size counts.
     */
    public InstrumentSpec(final Decimal tickSize, final Decimal lotSize, final Decimal contractMultiplier,
        final QuantityUnit quantityUnit)
    {
        this.tickSize = new Decimal().set(tickSize);
        this.lotSize = new Decimal().set(lotSize);
        this.contractMultiplier = new Decimal().set(contractMultiplier);
        this.quantityUnit = quantityUnit;
    }

    /**
     * A spec from fixed-point values, e.g. {@code spot(1, 2, 1, 5)} for a tick of 0.01 and a lot of 0.00001.
     *
     * @param tickMantissa the tick size's unscaled value.
     * @param tickScale    the tick size's scale.
     * @param lotMantissa  the lot size's unscaled value.
     * @param lotScale     the lot size's scale.
     * @return a spec in {@link QuantityUnit#BASE} with a multiplier of 1.
     */
    public static InstrumentSpec spot(final long tickMantissa, final int tickScale, final long lotMantissa,
        final int lotScale)
    {
        return new InstrumentSpec(new Decimal(tickMantissa, tickScale), new Decimal(lotMantissa, lotScale),
            new Decimal(1L, 0), QuantityUnit.BASE);
    }

    /**
     * The price increment.
     *
     * @return the tick size (read-only).
     */
    public Decimal tickSize()
    {
        return tickSize;
    }

    /**
     * The size increment.
     *
     * @return the lot size (read-only).
     */
    public Decimal lotSize()
    {
        return lotSize;
    }

    /**
     * The value of one unit of size in the underlying.
     *
     * @return the multiplier (read-only).
     */
    public Decimal contractMultiplier()
    {
        return contractMultiplier;
    }

    /**
     * What a size counts.
     *
     * @return the unit.
     */
    public QuantityUnit quantityUnit()
    {
        return quantityUnit;
    }

    @Override
    public String toString()
    {
        return "InstrumentSpec{tick=" + tickSize + ", lot=" + lotSize + ", multiplier=" + contractMultiplier +
            ", unit=" + quantityUnit + '}';
    }
}
