package org.fleetstreams.braking;

import java.nio.file.Path;
import java.util.*;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/** Diagnostic (not a test): per event that reaches the rotation check, its figures at 0.5 s and at the flag, with the truth kind. Args: DIR... */
public final class RotationProbe {
    public static void main(String[] a) throws Exception {
        for (String dir : a) {
            Path data = Path.of(dir);
            Map<String, List<String[]>> truth = AlertProbe.truthByRide(data);
            BrakingDetector d = new BrakingDetector(BrakingConfig.defaults());
            Map<String, DetectorState> states = new HashMap<>();
            Map<String, double[]> first = new HashMap<>();
            {
                for (SensorReading r : TestData.readings(data, TopologyFixture.EPOCH)) {
                    DetectorState s = states.computeIfAbsent(r.rideId(), k -> new DetectorState());
                    BrakeEvent e = s.event;
                    long startBefore = e.start;
                    int before = e.phase;
                    if (r instanceof LocationFix f) { d.onFix(s, f); continue; }
                    d.onSample(s, (AccelerationSample) r);
                    long t = r.eventTime();
                    if (e.phase == BrakeEvent.IN_EVENT && e.count > 0 && (t - e.start) >= 500) {
                        String key = r.rideId() + "@" + e.start;
                        if (!first.containsKey(key)) {
                            first.put(key, new double[] {-e.sumVertical / e.count, e.sumHalfH2 / e.count, e.sumH / e.count, e.count});
                        }
                    }
                    if (before == BrakeEvent.IN_EVENT && s.event.phase == BrakeEvent.REORIENTING || (before == BrakeEvent.IN_EVENT && s.event.phase != BrakeEvent.IN_EVENT && first.containsKey(r.rideId() + "@" + startBefore))) {
                        String key = r.rideId() + "@" + startBefore;
                        double[] f0 = first.remove(key);
                        if (f0 == null) f0 = new double[] {-s.event.sumVertical / s.event.count, s.event.sumHalfH2 / s.event.count, s.event.sumH / s.event.count, s.event.count};
                        double st = (startBefore - TopologyFixture.EPOCH) / 1000.0;
                        String kind = "none";
                        double best = 0;
                        for (String[] p : truth.getOrDefault(r.rideId(), List.of())) {
                            double ts = Double.parseDouble(p[2]), te = Double.parseDouble(p[3]);
                            if (st >= ts - 1 && st <= te + 0.5) {
                                if (p[1].equals("harsh_braking") || kind.equals("none") || p[1].equals("handling")) { kind = p[1] + "(" + p[4] + ")"; }
                            }
                        }
                        System.out.printf("%s %s %.2f flag=%b v=%.1f vert05=%.4f h2half05=%.4f meanH05=%.3f n=%d vertEnd=%.4f h2End=%.4f dur=%.2f%n",
                                kind, r.rideId().substring(0, 8), st, s.event.phase == BrakeEvent.REORIENTING, s.fixes.knownSpeed,
                                f0[0], f0[1], f0[2], (int) f0[3], -s.event.sumVertical / s.event.count, s.event.sumHalfH2 / s.event.count, (t - startBefore) / 1000.0);
                    }
                }
            }
        }
    }
}
