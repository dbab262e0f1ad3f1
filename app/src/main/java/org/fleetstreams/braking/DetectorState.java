package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * One ride's detector state, kept in the {@code harsh-braking-state} store: a few small parts, each owning its
 * fields and its piece of the store format ({@link SampleFilter}, {@link GravityEstimate} with its
 * {@link PullAwayWatch}, {@link LagFits}, {@link ForwardAxis}, {@link FixTrack}, {@link BrakeEvent}). The detector
 * updates them in place per record; {@link #toBytes()} / {@link #fromBytes(byte[])} are the store format.
 *
 * <p>The store is written once per accelerometer sample, so the format is a fixed binary layout rather than JSON:
 * about 4 KB, no field names, no reflection. The first byte is a format version ({@link StoreFormat}).
 */
public final class DetectorState {

    private static final StoreFormat FORMAT = new StoreFormat(HarshBraking.STORE, (byte) 16);
    /**
     * Written per accelerometer sample: a scratch buffer per thread saves allocating and zeroing 4 KB each time; only
     * the bytes written are copied out.
     */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> FORMAT.allocate(8_191));

    boolean started;
    long lastSampleTime;
    SampleFilter filter = new SampleFilter();
    GravityEstimate gravity = new GravityEstimate();
    LagFits fits = new LagFits();
    ForwardAxis axis = new ForwardAxis();
    FixTrack fixes = new FixTrack();
    BrakeEvent event = new BrakeEvent();
    GravityErrorCheck check = new GravityErrorCheck();
    HeldLevel held = new HeldLevel();

    /** The event time of the ride's last sample or fix the detector took (0 before any). */
    long lastEventTime() {
        return Math.max(lastSampleTime, fixes.latestFixTime);
    }

    public boolean calibrated() {
        return axis.source == ForwardAxis.CALIBRATED;
    }

    /** The fitted forward axis (unit vector in the phone frame); meaningful when {@link #calibrated()}. */
    public double[] forwardAxis() {
        return axis.forward.clone();
    }

    public double r2() {
        return axis.r2;
    }

    /** GPS speed changes behind the fitted axis (or, before a fit, collected so far). */
    public int calibrationPairs() {
        return calibrated() ? axis.pairs : fits.pairs();
    }

    /** Mean dynamic acceleration (phone frame, g) since the open GPS interval began ({@code FixTrack.fixTime}); null before any sample since. */
    public double[] meanDynamicSinceFix() {
        int n = fixes.samplesSinceFix;
        return n == 0 ? null : new double[] {fixes.intervalSum[0] / n, fixes.intervalSum[1] / n, fixes.intervalSum[2] / n};
    }

    /** The forward axis the detector uses now (fitted, carried over a handling, or the −z fallback); null if none. */
    public double[] forwardInUse() {
        double n = Vectors.norm(gravity.g);
        return n == 0 ? null : AxisCalibration.forward(this, new double[] {gravity.g[0] / n, gravity.g[1] / n, gravity.g[2] / n});
    }

    /** The magnitude of the ride's gravity estimate (1 for readings in g; 0 before any sample). */
    public double gravityG() {
        return Vectors.norm(gravity.g);
    }

    /**
     * The ride's readings are not in g (gravity far from 1: m/s² reads 9.8) or the sensor does not read gravity: the
     * detector runs nothing on its samples ({@link BrakingDetector#offScale}).
     */
    public boolean gravityOffScale() {
        return BrakingDetector.offScale(this);
    }

    /** "fitted", "carried over a handling", "provisional" or "fallback -z". */
    public String axisSource() {
        return switch (axis.source) {
            case ForwardAxis.CALIBRATED -> "fitted";
            case ForwardAxis.STALE -> "carried over a handling";
            case ForwardAxis.PROVISIONAL -> "provisional";
            default -> "fallback -z";
        };
    }

    public byte[] toBytes() {
        ByteBuffer b = SCRATCH.get().position(1);
        b.put((byte) (started ? 1 : 0));
        b.putLong(lastSampleTime);
        filter.write(b);
        gravity.write(b);
        fits.write(b);
        axis.write(b);
        fixes.write(b);
        event.write(b);
        check.write(b);
        held.write(b);
        return StoreFormat.written(b);
    }

    public static DetectorState fromBytes(byte[] bytes) {
        ByteBuffer b = FORMAT.open(bytes);
        DetectorState s = new DetectorState();
        s.started = b.get() != 0;
        s.lastSampleTime = b.getLong();
        s.filter = SampleFilter.read(b);
        s.gravity = GravityEstimate.read(b);
        s.fits = LagFits.read(b);
        s.axis = ForwardAxis.read(b);
        s.fixes = FixTrack.read(b);
        s.event = BrakeEvent.read(b);
        s.check = GravityErrorCheck.read(b);
        s.held = HeldLevel.read(b);
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("harsh-braking state has " + b.remaining() + " unexpected trailing bytes");
        }
        return s;
    }
}
