package org.fleetstreams.braking;

import java.nio.file.Path;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.fleetstreams.replay.schedule.ScheduledReading;

/** Diagnostic: one ride through the detector, its internals printed between two offsets. Args: DIR RIDE FROM TO. */
public final class BrakeTrace {
    static Object pulling(DetectorState s) {
        try {
            return PullAwayWatch.class.getDeclaredField("pulling").get(s.gravity.watch);
        } catch (ReflectiveOperationException e) {
            return "-";
        }
    }

    public static void main(String[] a) {
        Path data = Path.of(a[0]);
        String ride = a[1];
        double from = Double.parseDouble(a[2]);
        double to = Double.parseDouble(a[3]);
        BrakingDetector d = new BrakingDetector(BrakingConfig.defaults());
        DetectorState s = new DetectorState();
        long lastPrint = 0;
        long prevSample = 0;
        try (ReplaySchedule sch = new ReplaySchedule(BddDataset.open(data), ClockMode.OFFSET, TopologyFixture.EPOCH, 1, 10_000, new RowSkips())) {
            while (sch.hasNext()) {
                ScheduledReading n = sch.next();
                SensorReading r = n.reading().withIdentity(n.reading().id(), n.reading().rideId(), n.reading().uuid(), n.eventTimeMillis());
                if (!r.rideId().equals(ride)) {
                    continue;
                }
                double off = r.offset();
                if (r instanceof AccelerationSample && off >= from && off <= to && prevSample > 0 && n.eventTimeMillis() - prevSample > 200) {
                    System.out.printf("%8.3f GAP %d ms%n", off, n.eventTimeMillis() - prevSample);
                }
                if (r instanceof AccelerationSample) {
                    prevSample = n.eventTimeMillis();
                }
                int before = s.event.phase;
                String stats = String.format("start=%.2f end=%.2f peakLon=%.3f peakH=%.3f meanH=%.3f cal=%b susp=%b known=%b speedBefore=%.2f confirmed=%.2f drop=%.2f gpsDecel=%.3f offset=%.3f rot=%b cos=%.2f axis=%d",
                        (s.event.start - TopologyFixture.EPOCH) / 1000.0, (s.event.end - TopologyFixture.EPOCH) / 1000.0, s.event.peakLon, s.event.peakH, s.event.meanH(), s.event.calibrated, s.event.suspended, s.event.speedKnown, s.event.speedBefore,
                        s.event.confirmed, s.event.drop, s.event.gpsDecel, s.event.offset, BrakeDecision.rotation(s.event),
                        Vectors.norm(s.event.h) == 0 || s.forwardInUse() == null ? Double.NaN : -Vectors.dot(s.event.h, s.forwardInUse()) / Vectors.norm(s.event.h), s.axis.source);
                var out = r instanceof LocationFix f ? d.onFix(s, f) : d.onSample(s, (AccelerationSample) r);
                if (r.offset() >= from && r.offset() <= to && before != s.event.phase && (before == BrakeEvent.ENDED || before == BrakeEvent.IN_EVENT) && s.event.phase != BrakeEvent.ENDED) {
                    System.out.printf("%8.3f DECIDED %d->%d %s%n", r.offset(), before, s.event.phase, stats);
                }
                boolean show = off >= from && off <= to;
                if (r instanceof LocationFix f && show) {
                    System.out.printf("%8.3f FIX speed=%s trend=%.2f gpsSteady=%b frozenSince=%.1f standing=%b axis=%d lag=%d%n", off,
                            f.hasValidSpeed() ? String.format("%.2f", f.speed()) : "-", s.fixes.trend, s.gravity.gpsSteady,
                            s.gravity.frozenSince == 0 ? 0 : (s.gravity.frozenSince - TopologyFixture.EPOCH) / 1000.0,
                            s.gravity.standing, s.axis.source, s.axis.lagOrDefault()); System.out.println("   pulling=" + pulling(s) + " offset=" + s.event.offset + " peakH=" + s.event.peakH + " peakLon=" + s.event.peakLon + " cal=" + s.event.calibrated + " phase=" + s.event.phase);
                }
                if (r instanceof AccelerationSample x && show && n.eventTimeMillis() - lastPrint >= 90) {
                    lastPrint = n.eventTimeMillis();
                    double[] g = s.gravity.g;
                    double[] up = Vectors.unit(g);
                    double[] m = s.filter.lastMean();
                    double[] dd = {m[0] - g[0], m[1] - g[1], m[2] - g[2]};
                    double v = Vectors.dot(dd, up);
                    double[] h = {dd[0] - v * up[0], dd[1] - v * up[1], dd[2] - v * up[2]};
                    double[] f = AxisCalibration.forward(s, up);
                    System.out.printf("%8.3f |h|=%.3f lon=%+.3f vert=%+.3f phase=%d g=(%.3f,%.3f,%.3f) pull=%s%n", off, Vectors.norm(h),
                            f == null ? 0 : Vectors.dot(h, f), v, s.event.phase, g[0], g[1], g[2], pulling(s) + " v=" + String.format("%.2f", s.gravity.watch.pulledMps) + " known=" + s.event.speedKnown);
                }
                for (var o : out) {
                    if (o.isAlert() && show) {
                        System.out.println("   ALERT gpsDecel=" + s.event.gpsDecel + " offset=" + s.event.offset + " preFix=" + (s.event.preFixTime - TopologyFixture.EPOCH) + " confirmed=" + s.event.confirmed + " drop=" + s.event.drop + " " + o.alert());
                    }
                }
            }
        }
    }
}
