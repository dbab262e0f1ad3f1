package org.fleetstreams.braking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/** Diagnostic (not a test): every accelerometer alert with its truth kind and the figures it was decided on. Args: DIR... */
public final class AlertProbe {
    /** The data set's ground-truth.csv rows, per ride. */
    static Map<String, List<String[]>> truthByRide(Path data) throws IOException {
        Map<String, List<String[]>> truth = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("ground-truth.csv"))) {
            String[] p = line.split(",");
            if (!p[0].equals("ride_id")) {
                truth.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p);
            }
        }
        return truth;
    }

    public static void main(String[] a) throws Exception {
        for (String dir : a) {
            Path data = Path.of(dir);
            Map<String, List<String[]>> truth = AlertProbe.truthByRide(data);
            BrakingDetector d = new BrakingDetector(BrakingConfig.defaults());
            Map<String, DetectorState> states = new HashMap<>();
            Map<String, List<double[]>> fixes = new HashMap<>();
            Map<String, String> postByLag = new HashMap<>();
            {
                for (SensorReading r : TestData.readings(data, TopologyFixture.EPOCH)) {
                    DetectorState s = states.computeIfAbsent(r.rideId(), k -> new DetectorState());
                    if (r instanceof LocationFix f) {
                        if (f.hasValidSpeed()) fixes.computeIfAbsent(r.rideId(), k -> new ArrayList<>()).add(new double[] {r.offset(), f.speed()});
                        d.onFix(s, f);
                        BrakeEvent ev = s.event;
                        long tf = r.eventTime();
                        if (f.hasValidSpeed() && (ev.phase == BrakeEvent.IN_EVENT || ev.phase == BrakeEvent.ENDED) && ev.preFixTime != Long.MIN_VALUE
                                && tf > ev.start && tf - ev.preFixTime >= 2000 && tf - ev.preFixTime <= 10000) {
                            double[] fw = AxisCalibration.forward(s, Vectors.unit(ev.g0));
                            if (fw != null) {
                                double[] at2 = s.check.atLags(tf);
                                double T = (tf - ev.preFixTime) / 1000.0, gd = (ev.preFixSpeed - f.speed()) / (9.80665 * T);
                                StringBuilder b = new StringBuilder();
                                for (int l = 0; l < GravityErrorCheck.LAGS; l++) {
                                    double rd = 0;
                                    for (int i = 0; i < 3; i++) rd += ((at2[3 * l + i] - ev.preFix[3 * l + i]) / T - ev.g0[i]) * -fw[i];
                                    b.append(String.format("%s%.3f", l == 0 ? "" : "/", rd - gd));
                                }
                                postByLag.put(r.rideId(), b.toString());
                            }
                        }
                        continue;
                    }
                    var out = d.onSample(s, (AccelerationSample) r);
                    for (var o : out) {
                        if (!o.isAlert() || !o.alert().source().equals("accelerometer")) continue;
                        BrakeEvent e = s.event;
                        double st = (e.start - TopologyFixture.EPOCH) / 1000.0, en = (e.end - TopologyFixture.EPOCH) / 1000.0;
                        String kind = "none";
                        for (String[] p : truth.getOrDefault(r.rideId(), List.of())) {
                            double ts = Double.parseDouble(p[2]), te = Double.parseDouble(p[3]);
                            if (st >= ts - 1 && st <= te + 0.5 && (kind.equals("none") || p[1].equals("harsh_braking") || p[1].equals("mild_braking"))) {
                                kind = p[1] + "(" + p[4] + "," + String.format("%.1f", te - ts) + ")";
                            }
                        }
                        double now = r.offset();
                        // GPS decel over consecutive valid fixes that can describe part of the event (lag 0-1.5 s)
                        StringBuilder g = new StringBuilder();
                        double gmax = Double.NEGATIVE_INFINITY;
                        List<double[]> fx = fixes.getOrDefault(r.rideId(), List.of());
                        for (int i = 1; i < fx.size(); i++) {
                            double t1 = fx.get(i - 1)[0], t2 = fx.get(i)[0];
                            if (t2 > st && t1 - 1.5 < en && t2 <= now && t2 - t1 <= 5) {
                                double dec = (fx.get(i - 1)[1] - fx.get(i)[1]) / (9.80665 * (t2 - t1));
                                gmax = Math.max(gmax, dec);
                                g.append(String.format(" [%.1f-%.1f %.3f]", t1, t2, dec));
                            }
                        }
                        double[] fw = AxisCalibration.forward(s, Vectors.unit(e.g0));
                        double pre = fw == null ? Double.NaN : GravityErrorCheck.preOffset(e.preMean, e.preGpsDecel, new double[] {-fw[0], -fw[1], -fw[2]}, e.g0, s.fits.plausibleLags());
                        StringBuilder lags = new StringBuilder();
                        if (fw != null && !Double.isNaN(e.preGpsDecel)) {
                            for (int l = 0; l < GravityErrorCheck.LAGS; l++) {
                                double rd = 0;
                                for (int i = 0; i < 3; i++) rd += (e.preMean[3 * l + i] - e.g0[i]) * -fw[i];
                                lags.append(String.format("%s%.3f", l == 0 ? "" : "/", rd - e.preGpsDecel));
                            }
                        }
                        double[] r2 = s.fits.r2ByLag(3);
                        String post = postByLag.getOrDefault(r.rideId(), "-");
                        postByLag.remove(r.rideId());
                        System.out.printf("%-32s %s %7.2f-%6.2f lag=%d r2=%.2f/%.2f/%.2f/%.2f post=%s pre=%.3f(%s) peak=%.3f lon=%.3f H=%.3f off=%.3f gpsDec=%.3f conf=%.2f drop=%.1f cal=%b src=%d gmax=%.3f%s%n",
                                kind, r.rideId().substring(0, 8), st, en, s.axis.lagMs, r2[0], r2[1], r2[2], r2[3], post, pre, lags, o.alert().peakDecelG(), e.peakLon, e.peakH, e.offset, e.gpsDecel, e.confirmed, e.drop,
                                e.calibrated, s.axis.source, gmax, g);
                    }
                }
            }
        }
    }
}
